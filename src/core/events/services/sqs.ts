// Amazon SQS: a standard queue and a FIFO queue, each with a body whose MD5 is recomputed.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { md5Hex, type EventGeneration } from '../eventGeneration';
import { EventCatalogError } from '../eventError';
import { LOCATION, param } from '../parameters';

function record(
  v: { queue: string; body: string; region: string },
  g: EventGeneration,
  attributes: Partial<SQSRecord['attributes']> = {},
): SQSRecord {
  const sent = g.epochMillis(-250);
  return {
    messageId: g.uuid(),
    receiptHandle: `AQEB${g.randomBase64(120)}`,
    body: v.body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(sent),
      SenderId: `AIDA${g.alphanumeric(17).toUpperCase()}`,
      ApproximateFirstReceiveTimestamp: String(g.epochMillis()),
      ...attributes,
    },
    messageAttributes: {},
    md5OfBody: md5Hex(v.body),
    eventSource: 'aws:sqs',
    eventSourceARN: g.arn('sqs', v.queue),
    awsRegion: v.region,
  };
}

export const SQS_EVENTS = [
  defineEvent({
    service: 'sqs',
    event: 'receive-message',
    description: 'a batch of one message from a standard queue',
    parameters: {
      ...LOCATION,
      queue: param('resourceName', 'queue name', 'MyQueue'),
      body: param('text', 'message body', 'Hello from SQS!'),
    },
    build: (v, g): SQSEvent => ({ Records: [record(v, g)] }),
  }),
  defineEvent({
    service: 'sqs',
    event: 'receive-message-fifo',
    description:
      'a batch of one message from a FIFO queue (group id, deduplication id, sequence number)',
    parameters: {
      ...LOCATION,
      queue: param('resourceName', 'FIFO queue name (ends in .fifo)', 'MyQueue.fifo'),
      body: param('text', 'message body', 'Hello from SQS FIFO!'),
      group: param('text', 'message group id', 'group-1'),
    },
    build: (v, g): SQSEvent => {
      if (!v.queue.endsWith('.fifo'))
        throw new EventCatalogError(
          `queue must name a FIFO queue, ending in .fifo (got "${v.queue}")`,
          'queue',
        );
      return {
        Records: [
          record(v, g, {
            SequenceNumber: g.digits(20),
            MessageGroupId: v.group,
            MessageDeduplicationId: md5Hex(v.body),
          }),
        ],
      };
    },
  }),
] as const;
