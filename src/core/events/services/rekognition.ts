// Amazon Rekognition: a function that analyses images is triggered by S3, so its event is the S3
// object-created notification (as SAM's sample and the rekognition-python blueprint have it); the
// function then calls Rekognition with the bucket and key it reads from the record.
import type { S3Event } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { param } from '../parameters';
import { CREATED, objectCreated } from './s3';

export const REKOGNITION_EVENTS = [
  defineEvent({
    service: 'rekognition',
    event: 's3-request',
    description:
      'an image uploaded to S3, for a function that analyses it with Rekognition (an S3 object-created notification)',
    parameters: {
      ...CREATED,
      key: param('text', 'image object key (URL-encoded in the event, as S3 does)', 'test/key.jpg'),
    },
    build: (v, g): S3Event => objectCreated(v, g, 'ObjectCreated:Put'),
  }),
];
