import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeConnectionError } from '../../src/core/connectionErrors';

const profile = { kind: 'profile' as const, label: 'dev', profile: 'dev' };
const local = { kind: 'local' as const, label: 'Local' };

test('an expired SSO session offers aws sso login for the profile', () => {
  const p = describeConnectionError(
    {
      name: 'CredentialsProviderError',
      message:
        'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
    },
    profile,
    'eu-west-1',
  );
  assert.deepEqual(p.action, { kind: 'ssoLogin', command: 'aws sso login --profile dev' });
  assert.match(p.message, /SSO session of profile "dev" has expired/);
});

test('missing credentials say so and offer aws configure', () => {
  const p = describeConnectionError(
    { name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' },
    profile,
    'us-east-1',
  );
  assert.deepEqual(p.action, { kind: 'configure', command: 'aws configure --profile dev' });
  assert.match(p.message, /No credentials for profile "dev"/);
});

test('access denied names the region', () => {
  const p = describeConnectionError(
    {
      name: 'AccessDeniedException',
      message: 'User is not authorized',
      $metadata: { httpStatusCode: 403 },
    },
    profile,
    'ap-south-1',
  );
  assert.match(p.message, /Access denied in ap-south-1/);
  assert.equal(p.action.kind, 'retry');
});

test('bad keys are told apart from missing permissions', () => {
  const p = describeConnectionError(
    {
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    },
    local,
    'us-east-1',
  );
  assert.match(p.message, /rejected the credentials in us-east-1 \(UnrecognizedClientException\)/);
});

test('an unreachable endpoint offers retry and names it', () => {
  const p = describeConnectionError(
    { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED' },
    { kind: 'endpoint', label: 'stack', endpoint: 'http://127.0.0.1:9' },
    'us-east-1',
  );
  assert.match(p.message, /Cannot reach http:\/\/127\.0\.0\.1:9/);
  assert.deepEqual(p.action, { kind: 'retry' });
});

test('anything else keeps its name and message, never a secret', () => {
  const p = describeConnectionError(
    { name: 'ServiceException', message: 'boom' },
    profile,
    'us-east-1',
  );
  assert.equal(p.message, 'Listing failed in us-east-1: ServiceException: boom');
  assert.equal(
    describeConnectionError(undefined, profile, 'us-east-1').message,
    'Listing failed in us-east-1: Error',
  );
});
