// Amazon Kinesis: Data Streams, Data Firehose transformations and Data Analytics preprocessing.
// `data` is always the base64 of what the user passes as text (or gzip+base64 where AWS compresses).
import type { FirehoseTransformationEvent, KinesisStreamEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { base64, gzipBase64, type EventGeneration } from '../eventGeneration';
import { ACCOUNT, LOCATION, param } from '../parameters';
import { cloudWatchLogsPayload } from './cloudwatch';

const STREAM = { ...LOCATION, stream: param('resourceName', 'stream name', 'example-stream') };
const DATA = param(
  'text',
  'record data as text (base64-encoded into `data`)',
  'Hello, this is a test 123.',
);
const APACHE_LINE =
  '64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /mailman/listinfo/hsdivision HTTP/1.1" 200 6291';
const SYSLOG_LINE =
  'Mar 7 16:10:02 ip-10-0-0-1 sshd[1234]: Accepted publickey for ec2-user from 10.0.0.2 port 52000 ssh2';

function sequenceNumber(g: EventGeneration): string {
  return g.digits(56);
}

function firehose(
  v: { stream: string; region: string },
  g: EventGeneration,
  data: string[],
  source?: { stream: string; partitionKey: string },
): FirehoseTransformationEvent {
  return {
    invocationId: g.uuid(),
    deliveryStreamArn: g.arn('firehose', `deliverystream/${v.stream}`),
    region: v.region,
    ...(source ? { sourceKinesisStreamArn: g.arn('kinesis', `stream/${source.stream}`) } : {}),
    records: data.map((d) => ({
      recordId: `${g.digits(56)}000000000000`,
      approximateArrivalTimestamp: g.epochMillis(),
      data: d,
      ...(source
        ? {
            kinesisRecordMetadata: {
              shardId: 'shardId-000000000000',
              partitionKey: source.partitionKey,
              approximateArrivalTimestamp: g.epochMillis(),
              sequenceNumber: sequenceNumber(g),
              subsequenceNumber: '',
            },
          }
        : {}),
    })),
  };
}

/** Kinesis Data Analytics input preprocessing (no type in @types/aws-lambda). */
function analytics(
  event: string,
  description: string,
  dataDefault: string,
  encode: (text: string) => string,
) {
  return defineEvent({
    service: 'kinesis',
    event,
    description,
    parameters: {
      ...STREAM,
      application: param(
        'resourceName',
        'Kinesis Data Analytics application name',
        'example-application',
      ),
      data: param('text', 'record data as text', dataDefault),
    },
    build: (v, g) => ({
      invocationId: g.uuid(),
      applicationArn: g.arn('kinesisanalytics', `application/${v.application}`),
      streamArn: g.arn('kinesis', `stream/${v.stream}`),
      records: [
        {
          recordId: `${g.digits(56)}000000000000`,
          kinesisStreamRecordMetadata: {
            sequenceNumber: sequenceNumber(g),
            partitionKey: 'partitionKey-03',
            shardId: 'shardId-000000000000',
            approximateArrivalTimestamp: g.epochMillis(),
          },
          data: encode(v.data),
        },
      ],
    }),
  });
}

export const KINESIS_EVENTS = [
  defineEvent({
    service: 'kinesis',
    event: 'get-records',
    description: 'records from a Kinesis data stream',
    parameters: {
      ...STREAM,
      partitionKey: param('text', 'partition key', 'partitionKey-03'),
      data: DATA,
    },
    build: (v, g): KinesisStreamEvent => {
      const sequence = sequenceNumber(g);
      return {
        Records: [
          {
            kinesis: {
              kinesisSchemaVersion: '1.0',
              partitionKey: v.partitionKey,
              sequenceNumber: sequence,
              data: base64(v.data),
              approximateArrivalTimestamp: g.epochMillis() / 1000,
            },
            eventSource: 'aws:kinesis',
            eventVersion: '1.0',
            eventID: `shardId-000000000000:${sequence}`,
            eventName: 'aws:kinesis:record',
            invokeIdentityArn: g.arn('iam', 'role/lambda-role', { region: '' }),
            awsRegion: v.region,
            eventSourceARN: g.arn('kinesis', `stream/${v.stream}`),
          },
        ],
      };
    },
  }),
  defineEvent({
    service: 'kinesis',
    event: 'kinesis-firehose',
    description: 'Firehose data transformation, direct PUT source',
    parameters: { ...STREAM, data: DATA },
    build: (v, g): FirehoseTransformationEvent => firehose(v, g, [base64(v.data)]),
  }),
  defineEvent({
    service: 'kinesis',
    event: 'streams-as-source',
    description:
      'Firehose data transformation with a Kinesis stream as source (deliveryStreamArn, spelt as AWS sends it; SAM\'s sample has "deliverySteamArn": https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html)',
    parameters: {
      ...STREAM,
      source: param('resourceName', 'source Kinesis stream name', 'source-stream'),
      partitionKey: param('text', 'partition key', 'partitionKey-03'),
      data: DATA,
    },
    build: (v, g): FirehoseTransformationEvent =>
      firehose(v, g, [base64(v.data)], { stream: v.source, partitionKey: v.partitionKey }),
  }),
  defineEvent({
    service: 'kinesis',
    event: 'apachelog',
    description: 'Firehose transformation of an Apache access log line',
    parameters: { ...STREAM, data: param('text', 'log line', APACHE_LINE) },
    build: (v, g): FirehoseTransformationEvent => firehose(v, g, [base64(v.data)]),
  }),
  defineEvent({
    service: 'kinesis',
    event: 'syslog',
    description:
      "Firehose transformation of a syslog line (approximateArrivalTimestamp in epoch milliseconds, a number as Firehose sends it; SAM's sample has a string: https://docs.aws.amazon.com/lambda/latest/dg/services-kinesisfirehose.html)",
    parameters: { ...STREAM, data: param('text', 'log line', SYSLOG_LINE) },
    build: (v, g): FirehoseTransformationEvent => firehose(v, g, [base64(v.data)]),
  }),
  defineEvent({
    service: 'kinesis',
    event: 'cloudwatch-logs-processor',
    description: 'Firehose transformation of a CloudWatch Logs subscription (gzip, base64)',
    parameters: {
      ...STREAM,
      ...ACCOUNT,
      logGroup: param('text', 'log group', '/aws/lambda/example'),
      message: param('text', 'log message', 'Hello from CloudWatch Logs'),
    },
    build: (v, g): FirehoseTransformationEvent =>
      firehose(v, g, [gzipBase64(JSON.stringify(cloudWatchLogsPayload(v, g)))]),
  }),
  analytics(
    'analytics',
    'Kinesis Data Analytics preprocessing',
    'This is a test from Kinesis Analytics',
    base64,
  ),
  analytics(
    'analytics-compressed',
    'Kinesis Data Analytics preprocessing, gzip-compressed record',
    'This is a test from Kinesis Analytics',
    gzipBase64,
  ),
  analytics(
    'analytics-dynamodb',
    'Kinesis Data Analytics preprocessing of a DynamoDB-style JSON record',
    '{"ROWTIME_TIMESTAMP":"2017-12-15 01:09:50.000","VEHICLEID":"5","VEHICLECOUNT":18}',
    base64,
  ),
  analytics(
    'analytics-kpl',
    'Kinesis Data Analytics preprocessing of a KPL record',
    'This is a test from Kinesis Analytics KPL',
    base64,
  ),
] as const;
