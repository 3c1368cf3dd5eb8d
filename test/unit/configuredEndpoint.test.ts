// The SDK's standard endpoint settings, in the AWS CLI's order, for a named profile.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { configuredEndpoints } from '../../src/core/configuredEndpoint';
import { describeConnections } from '../../src/core/connections';

const CONFIG = {
  plain: { region: 'eu-west-1' },
  local: { endpoint_url: 'http://localhost:4566' },
  split: { services: 'mixed', endpoint_url: 'http://all:1' },
  'services.mixed': {
    'lambda.endpoint_url': 'http://lambda:2',
    'cloudwatch_logs.endpoint_url': 'http://logs:3',
  },
  ignoring: { endpoint_url: 'http://x:1', ignore_configured_endpoint_urls: 'true' },
};

test("a profile's endpoint_url applies to every service", () => {
  assert.deepEqual(configuredEndpoints({}, CONFIG, 'local'), {
    lambda: 'http://localhost:4566',
    cloudwatch_logs: 'http://localhost:4566',
    iam: 'http://localhost:4566',
  });
});

test("a services section wins over the profile's endpoint_url, per service", () => {
  assert.deepEqual(configuredEndpoints({}, CONFIG, 'split'), {
    lambda: 'http://lambda:2',
    cloudwatch_logs: 'http://logs:3',
    iam: 'http://all:1',
  });
});

test('AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, win over the files', () => {
  const env = { AWS_ENDPOINT_URL: 'http://env:9', AWS_ENDPOINT_URL_LAMBDA: 'http://env-lambda:8' };
  assert.deepEqual(configuredEndpoints(env, CONFIG, 'split'), {
    lambda: 'http://env-lambda:8',
    cloudwatch_logs: 'http://env:9',
    iam: 'http://env:9',
  });
  assert.deepEqual(
    configuredEndpoints({ AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://l:7' }, CONFIG, 'plain'),
    { cloudwatch_logs: 'http://l:7' },
  );
});

test('none without settings, for an unknown profile, or when configured endpoints are ignored', () => {
  assert.deepEqual(configuredEndpoints({}, CONFIG, 'plain'), {});
  assert.deepEqual(configuredEndpoints({}, CONFIG, 'missing'), {});
  assert.deepEqual(configuredEndpoints({}, CONFIG, 'ignoring'), {});
  assert.deepEqual(
    configuredEndpoints(
      { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE', AWS_ENDPOINT_URL: 'http://e:1' },
      CONFIG,
      'local',
    ),
    {},
  );
});

test("the explorer shows a profile's configured endpoint in its description", () => {
  const [profile] = describeConnections({ localEnabled: false }, [
    { name: 'ls', sso: false, endpoint: 'http://localhost:4566' },
  ]);
  assert.equal(profile!.description, 'AWS profile · http://localhost:4566');
  assert.match(profile!.tooltip, /endpoint http:\/\/localhost:4566 \(from its configuration\)/);
});
