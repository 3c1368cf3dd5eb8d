// Amazon MSK and self-managed Apache Kafka: records keyed by "topic-partition", key and value base64.
import type { MSKEvent, MSKRecord, SelfManagedKafkaEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { base64, type EventGeneration } from '../eventGeneration';
import { LOCATION, param } from '../parameters';

const RECORD = {
  topic: param('resourceName', 'Kafka topic', 'mytopic'),
  key: param('text', 'record key as text', 'recordKey'),
  value: param('text', 'record value as text', '{"message":"Hello from Kafka"}'),
};

function records(
  v: { topic: string; key: string; value: string },
  g: EventGeneration,
): Record<string, MSKRecord[]> {
  return {
    [`${v.topic}-0`]: [
      {
        topic: v.topic,
        partition: 0,
        offset: Number(g.digits(3)),
        timestamp: g.epochMillis(),
        timestampType: 'CREATE_TIME',
        key: base64(v.key),
        value: base64(v.value),
        headers: [{ source: [...Buffer.from('lambda-lens')] }],
      },
    ],
  };
}

export const KAFKA_EVENTS = [
  defineEvent({
    service: 'kafka',
    event: 'msk',
    description: 'records from an Amazon MSK cluster',
    parameters: {
      ...LOCATION,
      cluster: param('resourceName', 'MSK cluster name', 'example-cluster'),
      ...RECORD,
    },
    build: (v, g): MSKEvent => ({
      eventSource: 'aws:kafka',
      eventSourceArn: g.arn('kafka', `cluster/${v.cluster}/${g.uuid()}-1`),
      bootstrapServers: `b-1.${v.cluster}.abc123.c2.kafka.${v.region}.amazonaws.com:9092,b-2.${v.cluster}.abc123.c2.kafka.${v.region}.amazonaws.com:9092`,
      records: records(v, g),
    }),
  }),
  defineEvent({
    service: 'kafka',
    event: 'self-managed',
    description: 'records from a self-managed Apache Kafka cluster',
    parameters: {
      servers: param('text', 'bootstrap servers', 'b-1.example.com:9092,b-2.example.com:9092'),
      ...RECORD,
    },
    build: (v, g): SelfManagedKafkaEvent => ({
      eventSource: 'SelfManagedKafka',
      bootstrapServers: v.servers,
      records: records(v, g),
    }),
  }),
] as const;
