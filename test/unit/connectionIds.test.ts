import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  connectionIdOf,
  endpointConnectionId,
  findConnection,
  isConnectionId,
  namesConnection,
} from '../../src/core/connectionIds';
import { describeConnections, targetKindOf } from '../../src/core/connections';

test('command-line flags name a connection as the editor does: local, profile:NAME, endpoint:URL', () => {
  assert.equal(connectionIdOf({}), 'local');
  assert.equal(connectionIdOf({ profile: 'dev' }), 'profile:dev');
  assert.equal(
    connectionIdOf({ endpoint: 'http://localhost:4566' }),
    'endpoint:http://localhost:4566',
  );
  // One URL is written one way, whatever its spelling on the command line.
  assert.equal(
    connectionIdOf({ endpoint: 'http://LocalHost:4566/' }),
    'endpoint:http://localhost:4566',
  );
  assert.equal(endpointConnectionId('HTTP://example.com:80/'), 'endpoint:http://example.com');
  assert.equal(endpointConnectionId('localstack'), 'endpoint:localstack');
});

test('the ids functions.json accepts are the ones both write', () => {
  for (const id of [
    'local',
    'environment',
    'profile:dev',
    'endpoint:localstack',
    'endpoint:http://localhost:4566',
  ])
    assert.ok(isConnectionId(id), id);
  for (const id of ['', 'Local', 'profile:', 'endpoint:', 'local@http://127.0.0.1:1234', 'aws'])
    assert.ok(!isConnectionId(id), id);
});

test('a recorded endpoint:URL names the configured endpoint with that URL; a name only its own endpoint', () => {
  const connections = describeConnections(
    {
      localEnabled: true,
      endpoints: [
        { name: 'moto', url: 'http://127.0.0.1:5000', region: 'us-east-1' },
        { name: 'localstack', url: 'http://localhost:4566', region: 'eu-west-1' },
      ],
    },
    [{ name: 'dev', sso: false }],
  );
  assert.equal(findConnection(connections, 'endpoint:http://localhost:4566')?.label, 'localstack');
  assert.equal(findConnection(connections, 'endpoint:http://localhost:4566/')?.label, 'localstack');
  assert.equal(findConnection(connections, 'endpoint:localstack')?.label, 'localstack');
  assert.equal(findConnection(connections, 'profile:dev')?.label, 'dev');
  assert.equal(findConnection(connections, 'local')?.label, 'Local');
  assert.equal(findConnection(connections, 'endpoint:http://localhost:4567'), undefined);
  assert.equal(findConnection(connections, 'endpoint:other'), undefined);
  assert.equal(findConnection(connections, undefined), undefined);
  // Only an endpoint matches by URL: a profile or Local never does.
  assert.ok(!namesConnection('endpoint:http://localhost:4566', { id: 'local' }));
  assert.ok(
    namesConnection('endpoint:http://localhost:4566', {
      id: 'endpoint:x',
      endpoint: 'http://localhost:4566/',
    }),
  );
});

test("a target's kind: Local, AWS, or another endpoint (a custom one, or a profile whose settings point elsewhere)", () => {
  assert.equal(targetKindOf('local'), 'local');
  assert.equal(targetKindOf('profile'), 'aws');
  assert.equal(targetKindOf('profile', 'http://localhost:4566'), 'endpoint');
  assert.equal(targetKindOf('endpoint'), 'endpoint');
});
