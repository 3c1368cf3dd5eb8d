import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  functionArn,
  isPlainFunctionName,
  parseArn,
  parseFunctionRef,
  partitionOf,
} from '../../src/core/arn';
import { formatAmzDate, lambdaTimestamp, parseAmzDate } from '../../src/core/awsTime';

test('parseFunctionRef reads names, partial and full ARNs, with or without a qualifier', () => {
  assert.deepEqual(parseFunctionRef('my-fn'), { name: 'my-fn' });
  assert.deepEqual(parseFunctionRef('my-fn:live'), { name: 'my-fn', qualifier: 'live' });
  assert.deepEqual(parseFunctionRef('my_fn:$LATEST'), { name: 'my_fn', qualifier: '$LATEST' });
  assert.deepEqual(parseFunctionRef('123456789012:function:my-fn'), {
    name: 'my-fn',
    account: '123456789012',
  });
  assert.deepEqual(parseFunctionRef('arn:aws:lambda:us-east-1:123456789012:function:my-fn'), {
    name: 'my-fn',
    region: 'us-east-1',
    account: '123456789012',
  });
  assert.deepEqual(parseFunctionRef('arn:aws:lambda:eu-west-1:123456789012:function:my-fn:7'), {
    name: 'my-fn',
    qualifier: '7',
    region: 'eu-west-1',
    account: '123456789012',
  });
  assert.deepEqual(
    parseFunctionRef('arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f'),
    { name: 'f', region: 'us-gov-west-1', account: '123456789012' },
  );
});

test('parseFunctionRef refuses what Lambda refuses', () => {
  for (const bad of [
    '',
    'bad name',
    'a.b',
    'my-fn:',
    'my-fn:a:b',
    'arn:aws:s3:::bucket',
    'x'.repeat(65),
    `arn:aws:lambda:us-east-1:123456789012:function:${'x'.repeat(160)}`,
  ]) {
    assert.equal(parseFunctionRef(bad), undefined, bad);
  }
  assert.deepEqual(parseFunctionRef('x'.repeat(64)), { name: 'x'.repeat(64) });
});

test('isPlainFunctionName: 1 to 64 letters, digits, hyphens and underscores', () => {
  assert.ok(isPlainFunctionName('a'));
  assert.ok(isPlainFunctionName('My_Function-1'));
  assert.ok(isPlainFunctionName('x'.repeat(64)));
  assert.ok(!isPlainFunctionName('x'.repeat(65)));
  assert.ok(!isPlainFunctionName(''));
  assert.ok(!isPlainFunctionName('fn:1'));
  assert.ok(!isPlainFunctionName('arn:aws:lambda:us-east-1:123456789012:function:f'));
});

test('functionArn and partitionOf', () => {
  assert.equal(
    functionArn('aws', 'us-east-1', '123456789012', 'f'),
    'arn:aws:lambda:us-east-1:123456789012:function:f',
  );
  assert.equal(
    functionArn('aws', 'us-east-1', '123456789012', 'f', 'live'),
    'arn:aws:lambda:us-east-1:123456789012:function:f:live',
  );
  assert.equal(partitionOf('eu-central-1'), 'aws');
  assert.equal(partitionOf('cn-north-1'), 'aws-cn');
  assert.equal(partitionOf('us-gov-west-1'), 'aws-us-gov');
});

test('Lambda timestamps and SigV4 dates', () => {
  const date = new Date('2026-11-28T11:37:06.123Z');
  assert.equal(lambdaTimestamp(date), '2026-11-28T11:37:06.123+0000');
  assert.equal(formatAmzDate(date), '20261128T113706Z');
  assert.equal(parseAmzDate('20261128T113706Z')?.toISOString(), '2026-11-28T11:37:06.000Z');
  for (const bad of [
    '20261332T000000Z',
    '20261128T250000Z',
    '20260230T000000Z',
    '2026-11-28T11:37:06Z',
    '20261128T113706',
  ]) {
    assert.equal(parseAmzDate(bad), undefined, bad);
  }
});

test('parseArn splits any ARN and refuses what is not one', () => {
  assert.deepEqual(parseArn('arn:aws:sqs:eu-west-1:123456789012:MyQueue'), {
    partition: 'aws',
    service: 'sqs',
    region: 'eu-west-1',
    account: '123456789012',
    resource: 'MyQueue',
  });
  assert.deepEqual(parseArn('arn:aws-cn:s3:::bucket/key'), {
    partition: 'aws-cn',
    service: 's3',
    region: '',
    account: '',
    resource: 'bucket/key',
  });
  assert.equal(parseArn('arn:aws:sqs:eu-west-1:12345:MyQueue'), undefined);
  assert.equal(parseArn('not an arn'), undefined);
});
