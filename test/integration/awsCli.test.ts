// The AWS CLI against `lambda-lens serve`, with the credentials it prints, as a user would paste
// them: every call goes through botocore's own signing and parsing. Skipped where `aws` is absent.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_HELLO, startServeProcess, zipOf, type ServeProcess } from './endpoint';

function hasAwsCli(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const skip = hasAwsCli() ? false : 'the AWS CLI (aws) is not installed on this machine';
let home: string;
let serve: ServeProcess;

function aws(...args: string[]): { status: number; out: Record<string, unknown>; stderr: string } {
  const result = spawnSync(
    'aws',
    ['--endpoint-url', serve.url, '--region', 'us-east-1', '--output', 'json', ...args],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: serve.accessKeyId,
        AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
      },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return {
    status: result.status ?? 1,
    out: result.stdout.trim() ? JSON.parse(result.stdout) : {},
    stderr: result.stderr,
  };
}

before(async () => {
  if (skip) return;
  home = mkdtempSync(join(tmpdir(), 'll-awscli-'));
  serve = await startServeProcess(home);
  writeFileSync(join(home, 'code.zip'), zipOf({ 'index.js': NODE_HELLO }));
  writeFileSync(join(home, 'code2.zip'), zipOf({ 'index.js': `${NODE_HELLO}// v2\n` }));
});

after(async () => {
  if (skip) return;
  serve.child.kill('SIGTERM');
  await new Promise((r) => serve.child.once('exit', r));
  rmSync(home, { recursive: true, force: true });
});

test(
  'create, list and page, get, update, publish, alias, tag, invoke and delete with the AWS CLI',
  { skip },
  () => {
    for (const name of ['cli-a', 'cli-b', 'cli-c']) {
      const created = aws(
        'lambda',
        'create-function',
        '--function-name',
        name,
        '--runtime',
        'nodejs20.x',
        '--handler',
        'index.handler',
        '--role',
        'arn:aws:iam::123456789012:role/x',
        '--zip-file',
        `fileb://${join(home, 'code.zip')}`,
      );
      assert.equal(created.status, 0, created.stderr);
      assert.equal(created.out.FunctionName, name);
    }
    const page = aws('lambda', 'list-functions', '--max-items', '2');
    assert.equal((page.out.Functions as unknown[]).length, 2);
    assert.ok(page.out.NextToken, 'the CLI pages with a NextToken');
    const rest = aws('lambda', 'list-functions', '--starting-token', String(page.out.NextToken));
    assert.deepEqual(
      (rest.out.Functions as { FunctionName: string }[]).map((f) => f.FunctionName),
      ['cli-c'],
    );
    const got = aws('lambda', 'get-function', '--function-name', 'cli-a').out as {
      Configuration: { CodeSha256: string };
      Code: { Location: string };
    };
    assert.match(got.Configuration.CodeSha256, /^[A-Za-z0-9+/]{43}=$/);
    assert.match(got.Code.Location, /^http:\/\/127\.0\.0\.1:/);
    const updated = aws(
      'lambda',
      'update-function-code',
      '--function-name',
      'cli-a',
      '--zip-file',
      `fileb://${join(home, 'code2.zip')}`,
    );
    assert.equal(updated.status, 0, updated.stderr);
    assert.equal(
      aws('lambda', 'wait', 'function-updated-v2', '--function-name', 'cli-a').status,
      0,
    );
    const version = aws('lambda', 'publish-version', '--function-name', 'cli-a');
    assert.equal(version.out.Version, '1');
    assert.equal(
      aws(
        'lambda',
        'create-alias',
        '--function-name',
        'cli-a',
        '--name',
        'live',
        '--function-version',
        '1',
      ).out.FunctionVersion,
      '1',
    );
    const arn = String(
      aws('lambda', 'get-function-configuration', '--function-name', 'cli-a').out.FunctionArn,
    );
    assert.equal(
      aws('lambda', 'tag-resource', '--resource', arn, '--tags', 'team=payments').status,
      0,
    );
    assert.deepEqual(aws('lambda', 'list-tags', '--resource', arn).out.Tags, { team: 'payments' });
    const outFile = join(home, 'out.json');
    const invoked = spawnSync(
      'aws',
      [
        '--endpoint-url',
        serve.url,
        '--region',
        'us-east-1',
        'lambda',
        'invoke',
        '--function-name',
        'cli-a:live',
        '--payload',
        '{"x":1}',
        '--log-type',
        'Tail',
        outFile,
      ],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: serve.accessKeyId,
          AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
        encoding: 'utf8',
      },
    );
    assert.equal(invoked.status, 0, invoked.stderr);
    const result = JSON.parse(invoked.stdout) as {
      StatusCode: number;
      ExecutedVersion: string;
      LogResult: string;
    };
    assert.deepEqual([result.StatusCode, result.ExecutedVersion], [200, '1']);
    assert.match(
      Buffer.from(result.LogResult, 'base64').toString(),
      /REPORT RequestId: \S+\tDuration:/,
    );
    const missing = aws('lambda', 'get-function', '--function-name', 'no-such-function');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /ResourceNotFoundException.*Function not found/);
    assert.equal(aws('lambda', 'delete-function', '--function-name', 'cli-b').status, 0);
    assert.deepEqual(
      (aws('lambda', 'list-functions').out.Functions as { FunctionName: string }[]).map(
        (f) => f.FunctionName,
      ),
      ['cli-a', 'cli-c'],
    );
  },
);

test('page through logs with the AWS CLI', { skip }, () => {
  assert.equal(aws('logs', 'create-log-group', '--log-group-name', 'cli-group').status, 0);
  assert.equal(
    aws('logs', 'create-log-stream', '--log-group-name', 'cli-group', '--log-stream-name', 's1')
      .status,
    0,
  );
  const now = Date.now();
  const events = JSON.stringify(
    Array.from({ length: 30 }, (_, i) => ({
      timestamp: now + i,
      message: i % 3 === 0 ? `ERROR ${i}` : `info ${i}`,
    })),
  );
  assert.equal(
    aws(
      'logs',
      'put-log-events',
      '--log-group-name',
      'cli-group',
      '--log-stream-name',
      's1',
      '--log-events',
      events,
    ).status,
    0,
  );
  const filtered = aws(
    'logs',
    'filter-log-events',
    '--log-group-name',
    'cli-group',
    '--filter-pattern',
    'ERROR',
    '--page-size',
    '4',
  );
  assert.equal(filtered.status, 0, filtered.stderr);
  assert.deepEqual(
    (filtered.out.events as { message: string }[]).map((e) => e.message),
    Array.from({ length: 10 }, (_, i) => `ERROR ${i * 3}`),
    'the CLI follows nextToken across pages',
  );
  const head = aws(
    'logs',
    'get-log-events',
    '--log-group-name',
    'cli-group',
    '--log-stream-name',
    's1',
    '--start-from-head',
    '--limit',
    '5',
  );
  assert.deepEqual(
    (head.out.events as { message: string }[]).map((e) => e.message),
    ['ERROR 0', 'info 1', 'info 2', 'ERROR 3', 'info 4'],
  );
  assert.match(String(head.out.nextForwardToken), /^f\//);
  const groups = aws('logs', 'describe-log-groups', '--log-group-name-prefix', 'cli-');
  assert.deepEqual(
    (groups.out.logGroups as { logGroupName: string }[]).map((g) => g.logGroupName),
    ['cli-group'],
  );
});

test(
  'VpcConfig and TracingConfig set with the AWS CLI read back as set (test_lambda_api.snapshot.json, TestLambdaFunction::test_vpc_config / get_function_response)',
  { skip },
  () => {
    const created = aws(
      'lambda',
      'create-function',
      '--function-name',
      'cli-vpc',
      '--runtime',
      'nodejs20.x',
      '--handler',
      'index.handler',
      '--role',
      'arn:aws:iam::123456789012:role/x',
      '--zip-file',
      `fileb://${join(home, 'code.zip')}`,
      '--vpc-config',
      'SubnetIds=subnet-0a1b2c3d,SecurityGroupIds=sg-0a1b2c3d',
      '--tracing-config',
      'Mode=Active',
    );
    assert.equal(created.status, 0, created.stderr);
    const read = aws('lambda', 'get-function-configuration', '--function-name', 'cli-vpc');
    assert.equal(read.status, 0, read.stderr);
    assert.deepEqual(read.out.VpcConfig, {
      SubnetIds: ['subnet-0a1b2c3d'],
      SecurityGroupIds: ['sg-0a1b2c3d'],
      VpcId: '',
      Ipv6AllowedForDualStack: false,
    });
    assert.deepEqual(read.out.TracingConfig, { Mode: 'Active' });
    const refused = aws(
      'lambda',
      'create-function',
      '--function-name',
      'cli-vpc-bad',
      '--runtime',
      'nodejs20.x',
      '--handler',
      'index.handler',
      '--role',
      'arn:aws:iam::123456789012:role/x',
      '--zip-file',
      `fileb://${join(home, 'code.zip')}`,
      '--vpc-config',
      'SubnetIds=bad-format-1,SecurityGroupIds=sg-0a1b2c3d',
    );
    assert.notEqual(refused.status, 0);
    assert.match(
      refused.stderr,
      /ValidationException.*at 'vpcConfig\.subnetIds' failed to satisfy constraint/,
    );
  },
);
