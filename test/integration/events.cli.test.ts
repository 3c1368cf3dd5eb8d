// `lambda-lens events` as users run it: the built dist/cli.js in its own process (run
// `npm run build` first, as for the other integration tests).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'events', ...args], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('events list prints every event; --json adds their parameters', () => {
  const text = run('list');
  assert.equal(text.code, 0);
  const rows = text.stdout.trim().split('\n');
  assert.ok(rows.length >= 88, `${rows.length} events`);
  assert.ok(rows.some((r) => r.startsWith('s3\tput\t')));
  const json = run('list', '--json');
  assert.equal(json.code, 0);
  const services = JSON.parse(json.stdout) as {
    service: string;
    events: { event: string; parameters: { name: string; default: string }[] }[];
  }[];
  const sqs = services
    .find((s) => s.service === 'sqs')
    ?.events.find((e) => e.event === 'receive-message');
  assert.deepEqual(sqs?.parameters.map((p) => p.name).sort(), [
    'account',
    'body',
    'partition',
    'queue',
    'region',
  ]);
});

test('events generate prints the event as JSON with the given parameters', () => {
  const out = run(
    'generate',
    'sqs',
    'receive-message',
    '--body',
    '{"n":1}',
    '--region=eu-west-1',
    '--queue',
    'orders',
  );
  assert.equal(out.code, 0, out.stderr);
  const record = JSON.parse(out.stdout).Records[0];
  assert.equal(record.body, '{"n":1}');
  assert.equal(record.md5OfBody, createHash('md5').update('{"n":1}').digest('hex'));
  assert.equal(record.eventSourceARN, 'arn:aws:sqs:eu-west-1:123456789012:orders');
  const empty = run('generate', 'alb', 'request', '--body=');
  assert.equal(JSON.parse(empty.stdout).body, '');
});

test('events generate <service> <event> --help lists the parameters and their defaults', () => {
  const out = run('generate', 's3', 'put', '--help');
  assert.equal(out.code, 0);
  assert.match(out.stdout, /--bucket\s+bucket name \(default: example-bucket\)/);
  assert.match(out.stdout, /--key\s+/);
});

test('events generate refuses bad input on stderr with exit code 2 and nothing on stdout', () => {
  const cases: [string[], RegExp][] = [
    [['generate', 'nope', 'put'], /unknown service "nope"; pass one of: .*s3/],
    [['generate', 's3', 'nope'], /unknown s3 event "nope"; pass one of: .*put/],
    [['generate', 's3', 'put', '--account', '1'], /no parameter "account"; pass any of: region/],
    [
      ['generate', 'sqs', 'receive-message', '--account', '12ab'],
      /--account must be a 12-digit AWS account id/,
    ],
    [['generate', 'eventbridge', 'event', '--detail', '{oops'], /--detail must be JSON/],
    [['generate', 's3', 'put', '--bucket'], /--bucket needs a value/],
    [['generate', 's3', 'put', 'stray'], /unexpected argument "stray"/],
    [['generate', 's3'], /needs a service and an event/],
    [['frobnicate'], /unknown subcommand "frobnicate"/],
  ];
  for (const [args, pattern] of cases) {
    const out = run(...args);
    assert.equal(out.code, 2, args.join(' '));
    assert.equal(out.stdout, '', args.join(' '));
    assert.match(out.stderr, pattern, args.join(' '));
  }
});
