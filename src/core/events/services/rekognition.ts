// Amazon Rekognition: the S3 object request shape of SAM's sample.
import { defineEvent } from '../eventDefinition';
import { param, PARTITION, REGION } from '../parameters';

export const REKOGNITION_EVENTS = [
  defineEvent({
    service: 'rekognition', event: 's3-request', description: 'analyse an image stored in S3',
    parameters: { ...REGION, ...PARTITION, bucket: param('bucket', 'bucket name', 'example-bucket'), key: param('text', 'object key', 'test/key.jpg') },
    build: (v, g) => ({ Image: { S3Object: { Bucket: v.bucket, Name: v.key } }, bucketArn: g.arn('s3', v.bucket, { region: '', account: '' }), region: v.region }),
  }),
];
