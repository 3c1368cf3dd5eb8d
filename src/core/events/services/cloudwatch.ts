// Amazon CloudWatch: a Logs subscription (gzip + base64 payload) and an EventBridge schedule.
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent, ScheduledEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { gzipBase64, type EventGeneration } from '../eventGeneration';
import { LOCATION, param } from '../parameters';

export function cloudWatchLogsPayload(
  v: { account: string; logGroup: string; message: string },
  g: EventGeneration,
): CloudWatchLogsDecodedData {
  return {
    messageType: 'DATA_MESSAGE',
    owner: v.account,
    logGroup: v.logGroup,
    logStream: `${g.isoMillis().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${g.hex(32)}`,
    subscriptionFilters: ['lambda-lens-subscription'],
    logEvents: [{ id: g.digits(56), timestamp: g.epochMillis(), message: v.message }],
  };
}

export const CLOUDWATCH_EVENTS = [
  defineEvent({
    service: 'cloudwatch',
    event: 'logs',
    description: 'a CloudWatch Logs subscription delivery',
    parameters: {
      ...LOCATION,
      logGroup: param('text', 'log group', '/aws/lambda/example'),
      message: param('text', 'log message', 'Hello from CloudWatch Logs'),
    },
    build: (v, g): CloudWatchLogsEvent => ({
      awslogs: { data: gzipBase64(JSON.stringify(cloudWatchLogsPayload(v, g))) },
    }),
  }),
  defineEvent({
    service: 'cloudwatch',
    event: 'scheduled-event',
    description: 'an EventBridge (CloudWatch Events) schedule rule firing',
    parameters: { ...LOCATION, rule: param('resourceName', 'rule name', 'ExampleRule') },
    build: (v, g): ScheduledEvent => ({
      id: g.uuid(),
      version: '0',
      account: v.account,
      time: g.isoSeconds(),
      region: v.region,
      resources: [g.arn('events', `rule/${v.rule}`)],
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      detail: {},
    }),
  }),
] as const;
