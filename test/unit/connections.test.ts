import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeConnections, parseCustomEndpoints } from '../../src/core/connections';

test('Local is the one connection by default, in us-east-1', () => {
  const connections = describeConnections({ localEnabled: true });
  assert.deepEqual(
    connections.map((c) => [c.id, c.kind, c.label, c.regions]),
    [['local', 'local', 'Local', ['us-east-1']]],
  );
  assert.match(connections[0]!.tooltip, /no AWS account/);
});

test('no connection when Local is disabled and nothing else is configured (the welcome view shows)', () => {
  assert.deepEqual(describeConnections({ localEnabled: false }), []);
});

test('profiles follow Local, default first, each in its region plus the regions the user added', () => {
  const connections = describeConnections(
    {
      localEnabled: true,
      addedRegions: { 'profile:prod': ['eu-west-1', 'us-east-1'] },
      fallbackRegion: 'us-west-2',
    },
    [
      { name: 'prod', region: 'us-east-1', sso: true },
      { name: 'default', sso: false },
      { name: 'alpha', region: 'eu-central-1', sso: false },
    ],
  );
  assert.deepEqual(
    connections.map((c) => c.label),
    ['Local', 'default', 'alpha', 'prod'],
  );
  assert.deepEqual(connections.find((c) => c.label === 'prod')!.regions, [
    'us-east-1',
    'eu-west-1',
  ]);
  assert.deepEqual(connections.find((c) => c.label === 'default')!.regions, ['us-west-2']);
  assert.equal(connections.find((c) => c.label === 'prod')!.description, 'AWS profile · SSO');
});

test('custom endpoints come last with their region and profile', () => {
  const [endpoint] = describeConnections({
    localEnabled: false,
    endpoints: [
      { name: 'localstack', url: 'http://localhost:4566', region: 'eu-west-1', profile: 'ls' },
    ],
  });
  assert.deepEqual(
    [endpoint!.id, endpoint!.kind, endpoint!.endpoint, endpoint!.profile, endpoint!.regions],
    ['endpoint:localstack', 'endpoint', 'http://localhost:4566', 'ls', ['eu-west-1']],
  );
});

test('custom endpoint settings are checked entry by entry with a message that says what to fix', () => {
  const { endpoints, problems } = parseCustomEndpoints([
    { name: 'ok', url: 'http://localhost:4566/', region: 'us-east-1' },
    { name: 'no-url', region: 'us-east-1' },
    { name: 'bad-region', url: 'http://x', region: 'mars' },
    { name: 'ok', url: 'http://y', region: 'us-east-1' },
    null,
  ]);
  assert.deepEqual(endpoints, [{ name: 'ok', url: 'http://localhost:4566', region: 'us-east-1' }]);
  assert.deepEqual(problems, [
    'lambdaLens.endpoints[1] ("no-url") needs a "url" starting with http:// or https://',
    'lambdaLens.endpoints[2] ("bad-region") needs a "region" such as us-east-1',
    'lambdaLens.endpoints[3]: the name "ok" is used twice',
    'lambdaLens.endpoints[4] needs a "name"',
  ]);
  assert.deepEqual(parseCustomEndpoints(undefined), { endpoints: [], problems: [] });
});

test('credentials in the environment are a connection of their own, after Local, in their region', () => {
  const connections = describeConnections(
    { localEnabled: true, environmentCredentials: { region: 'ap-south-1' } },
    [{ name: 'dev', sso: false }],
  );
  assert.deepEqual(
    connections.map((c) => [c.id, c.label, c.regions[0], c.profile]),
    [
      ['local', 'Local', 'us-east-1', undefined],
      ['environment', 'Environment', 'ap-south-1', undefined],
      ['profile:dev', 'dev', 'us-east-1', 'dev'],
    ],
  );
});
