// CloudWatch Logs answers as AWS recorded them. Expected answers: LocalStack's AWS-validated
// snapshots, github:localstack/localstack tests/aws/services/logs/*.snapshot.json (keys named per test).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { answersAs } from './fidelityKit';

const GROUP = '/aws/lambda/fid-logs';
const ARN = `arn:aws:logs:us-east-1:123456789012:log-group:${GROUP}`;
let t: TestEndpoint;
let logs: CloudWatchLogsClient;
before(async () => {
  t = await startTestEndpoint();
  logs = t.logs;
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 's1' }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: GROUP,
      logStreamName: 's1',
      logEvents: [{ timestamp: Date.now(), message: 'hello' }],
    }),
  );
});
after(async () => t.close());

test('logGroupIdentifier names a group by name or ARN, not together with logGroupName', async () => {
  // test_logs_streams.snapshot.json, TestLogsStreams::test_describe_log_streams_with_log_group_identifier
  for (const id of [GROUP, ARN]) {
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: id }));
    assert.deepEqual(
      streams.logStreams?.map((s) => s.logStreamName),
      ['s1'],
    );
    const got = await logs.send(
      new GetLogEventsCommand({ logGroupIdentifier: id, logStreamName: 's1', startFromHead: true }),
    );
    assert.deepEqual(
      got.events?.map((e) => e.message),
      ['hello'],
    );
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupIdentifier: id }));
    assert.deepEqual(
      filtered.events?.map((e) => e.message),
      ['hello'],
    );
  }
  // / error-both-name-and-identifier
  await answersAs(
    logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, logGroupIdentifier: GROUP })),
    {
      code: 'ValidationException',
      status: 400,
      message: 'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
    },
  );
});

test('a prefix and a pattern together', async () => {
  // test_logs_groups.snapshot.json, TestLogsGroups::test_describe_log_groups_prefix_and_pattern_error / error-prefix-and-pattern
  await answersAs(
    logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws', logGroupNamePattern: 'lambda' }),
    ),
    {
      code: 'InvalidParameterException',
      status: 400,
      message: 'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    },
  );
});

test('a group name over 512 characters', async () => {
  // test_logs_groups.snapshot.json, TestLogsGroups::test_create_log_group_invalid_name_length / error-invalid-name-length
  await answersAs(logs.send(new CreateLogGroupCommand({ logGroupName: 'a'.repeat(513) })), {
    code: 'InvalidParameterException',
    status: 400,
    message: 'Invalid LogGroup or LogStream, both must have length less than or equal to 512.',
  });
});

test('limits over the maximum', async () => {
  // test_logs_events.snapshot.json, TestLogsEvents::test_get_log_events_limit_validation / error-limit-exceeded;
  // test_logs_filter_events.snapshot.json, TestFilterLogEvents::test_filter_log_events_limit_validation / error-limit-exceeded
  const message =
    "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000";
  await answersAs(
    logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 's1', limit: 10001 })),
    { code: 'InvalidParameterException', status: 400, message },
  );
  await answersAs(logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 10001 })), {
    code: 'InvalidParameterException',
    status: 400,
    message,
  });
});
