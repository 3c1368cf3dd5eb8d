// Amazon S3 event notifications (object created and removed) and S3 Batch Operations.
import type { S3BatchEvent, S3Event, S3EventRecord } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { s3EventKey, type EventGeneration } from '../eventGeneration';
import { param, PARTITION, REGION } from '../parameters';

const OBJECT = {
  ...REGION,
  ...PARTITION,
  bucket: param('bucket', 'bucket name', 'example-bucket'),
  key: param('text', 'object key (URL-encoded in the event, as S3 does)', 'test/key'),
};
export const CREATED = { ...OBJECT, size: param('integer', 'object size in bytes', '1024') };

/** Removal records carry no size or ETag, although @types/aws-lambda declares both. */
type S3RemovedRecord = Omit<S3EventRecord, 's3'> & {
  s3: Omit<S3EventRecord['s3'], 'object'> & {
    object: { key: string; sequencer: string; versionId?: string };
  };
};

function common(values: { region: string; bucket: string }, g: EventGeneration, eventName: string) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: values.region,
    eventTime: g.isoMillis(),
    eventName,
    userIdentity: { principalId: `AWS:${g.alphanumeric(21).toUpperCase()}` },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': g.hex(16, true), 'x-amz-id-2': g.randomBase64(57) },
  };
}

function bucketOf(values: { bucket: string }, g: EventGeneration) {
  return {
    name: values.bucket,
    ownerIdentity: { principalId: g.alphanumeric(14).toUpperCase() },
    arn: g.arn('s3', values.bucket, { region: '', account: '' }),
  };
}

/** An object-created notification: what S3 sends a function it triggers, whatever the function then does. */
export function objectCreated(
  v: { region: string; bucket: string; key: string; size: string },
  g: EventGeneration,
  eventName: string,
): S3Event {
  return {
    Records: [
      {
        ...common(v, g, eventName),
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'lambda-lens-notification',
          bucket: bucketOf(v, g),
          object: {
            key: s3EventKey(v.key),
            size: Number(v.size),
            eTag: g.hex(32),
            sequencer: g.hex(18, true),
          },
        },
      },
    ],
  };
}

function created(event: string, eventName: string, description: string) {
  return defineEvent({
    service: 's3',
    event,
    description,
    parameters: CREATED,
    build: (v, g): S3Event => objectCreated(v, g, eventName),
  });
}

function removed(event: string, eventName: string, description: string, versioned: boolean) {
  return defineEvent({
    service: 's3',
    event,
    description,
    parameters: OBJECT,
    build: (v, g): { Records: S3RemovedRecord[] } => ({
      Records: [
        {
          ...common(v, g, eventName),
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'lambda-lens-notification',
            bucket: bucketOf(v, g),
            object: {
              key: s3EventKey(v.key),
              sequencer: g.hex(18, true),
              ...(versioned ? { versionId: g.alphanumeric(32) } : {}),
            },
          },
        },
      ],
    }),
  });
}

export const S3_EVENTS = [
  created('put', 'ObjectCreated:Put', 'object created by PUT (as sam local generate-event s3 put)'),
  removed(
    'delete',
    'ObjectRemoved:Delete',
    'object deleted (as sam local generate-event s3 delete)',
    false,
  ),
  created('object-created-put', 'ObjectCreated:Put', 'ObjectCreated:Put'),
  created('object-created-post', 'ObjectCreated:Post', 'ObjectCreated:Post (browser form upload)'),
  created('object-created-copy', 'ObjectCreated:Copy', 'ObjectCreated:Copy'),
  created(
    'object-created-complete-multipart-upload',
    'ObjectCreated:CompleteMultipartUpload',
    'ObjectCreated:CompleteMultipartUpload',
  ),
  removed(
    'object-removed-delete',
    'ObjectRemoved:Delete',
    'ObjectRemoved:Delete (unversioned bucket)',
    false,
  ),
  removed(
    'object-removed-delete-marker-created',
    'ObjectRemoved:DeleteMarkerCreated',
    'ObjectRemoved:DeleteMarkerCreated (versioned bucket)',
    true,
  ),
  defineEvent({
    service: 's3',
    event: 'batch-invocation',
    description:
      'S3 Batch Operations task invoking a function, for one object version of its manifest',
    parameters: {
      ...OBJECT,
      versioned: param(
        'choice',
        'on: the manifest lists object versions (s3VersionId holds one); off: it lists keys only (s3VersionId is null)',
        'on',
        ['on', 'off'],
      ),
    },
    build: (v, g): S3BatchEvent => ({
      invocationSchemaVersion: '1.0',
      invocationId: g.randomBase64(48),
      job: { id: g.uuid() },
      tasks: [
        {
          taskId: g.randomBase64(24),
          s3Key: s3EventKey(v.key),
          s3VersionId: v.versioned === 'on' ? g.alphanumeric(32) : null,
          s3BucketArn: g.arn('s3', v.bucket, { region: '', account: '' }),
        },
      ],
    }),
  }),
] as const;
