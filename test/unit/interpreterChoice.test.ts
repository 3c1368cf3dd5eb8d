import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseInterpreter,
  chooseMapped,
  parseRuntimeBinary,
  satisfies,
  wantedVersion,
} from '../../src/core/interpreterChoice';

const node20 = { path: '/usr/bin/node', version: '20.20.2' };

test('a runtime declares the version it wants: the major for Node.js, major.minor for Python', () => {
  assert.deepEqual(wantedVersion('nodejs22.x'), {
    family: 'nodejs',
    parts: [22],
    label: 'Node 22',
  });
  assert.deepEqual(wantedVersion('python3.12'), {
    family: 'python',
    parts: [3, 12],
    label: 'Python 3.12',
  });
  assert.equal(wantedVersion('provided.al2023'), undefined);
  assert.equal(wantedVersion('java21'), undefined);
  assert.equal(wantedVersion('nodejs99.x'), undefined, 'not a runtime Lambda has');
});

test('a version satisfies the runtime by its declared parts only', () => {
  assert.equal(satisfies(wantedVersion('python3.12')!, '3.12.1'), true);
  assert.equal(
    satisfies({ family: 'python', parts: [3, 1], label: 'Python 3.1' }, '3.12.1'),
    false,
  );
  assert.equal(satisfies(wantedVersion('python3.13')!, '3.1.3'), false);
  assert.equal(satisfies(wantedVersion('nodejs22.x')!, 'v22.11.0'), true);
  assert.equal(satisfies(wantedVersion('nodejs22.x')!, '2.2.0'), false);
});

test('the newest matching interpreter is chosen, with no note', () => {
  const choice = chooseInterpreter(
    'nodejs22.x',
    wantedVersion('nodejs22.x')!,
    [
      node20,
      { path: '/nvm/v22.1.0/bin/node', version: '22.1.0' },
      { path: '/nvm/v22.11.0/bin/node', version: '22.11.0' },
      { path: '/nvm/v24.0.0/bin/node', version: '24.0.0' },
    ],
    node20,
  );
  assert.deepEqual(choice, { interpreter: { path: '/nvm/v22.11.0/bin/node', version: '22.11.0' } });
});

test('with no matching interpreter, the fallback runs and the note says so', () => {
  const choice = chooseInterpreter('nodejs22.x', wantedVersion('nodejs22.x')!, [node20], node20);
  assert.deepEqual(choice, {
    interpreter: node20,
    note: 'nodejs22.x ran on Node 20.20.2: no Node 22 found',
  });
  const python = chooseInterpreter('python3.12', wantedVersion('python3.12')!, [], {
    path: '/usr/bin/python3',
    version: '3.11.2',
  });
  assert.equal(python.note, 'python3.12 ran on Python 3.11.2: no Python 3.12 found');
});

test('a fallback that matches needs no note', () => {
  assert.deepEqual(chooseInterpreter('nodejs20.x', wantedVersion('nodejs20.x')!, [], node20), {
    interpreter: node20,
  });
});

test('a mapped binary runs as told; another version than declared is said', () => {
  assert.deepEqual(
    chooseMapped('nodejs20.x', wantedVersion('nodejs20.x')!, node20, '--runtime-binary'),
    { interpreter: node20 },
  );
  assert.equal(
    chooseMapped('nodejs24.x', wantedVersion('nodejs24.x')!, node20, 'LAMBDA_LENS_NODE').note,
    'nodejs24.x ran on Node 20.20.2: the binary mapped to it by LAMBDA_LENS_NODE (/usr/bin/node) is not Node 24',
  );
});

test('--runtime-binary values: RUNTIME=PATH for a Node.js or Python runtime', () => {
  assert.deepEqual(parseRuntimeBinary('nodejs22.x=/opt/node22/bin/node'), {
    runtime: 'nodejs22.x',
    binary: '/opt/node22/bin/node',
  });
  assert.deepEqual(parseRuntimeBinary('python3.12=/a=b/python3'), {
    runtime: 'python3.12',
    binary: '/a=b/python3',
  });
  assert.match((parseRuntimeBinary('/opt/node') as { error: string }).error, /not RUNTIME=PATH/);
  assert.match(
    (parseRuntimeBinary('java21=/usr/bin/java') as { error: string }).error,
    /not a Node\.js or Python runtime/,
  );
  assert.match(
    (parseRuntimeBinary('nodejs22.x=') as { error: string }).error,
    /mapped to no binary/,
  );
});
