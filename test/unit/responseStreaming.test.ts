import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canStreamResponses,
  PreludeReader,
  PRELUDE_MAX_BYTES,
  whyNoStreaming,
} from '../../src/core/invoke/responseStreaming';

test('Node.js and custom runtimes can stream; Python and the others cannot', () => {
  for (const runtime of ['nodejs20.x', 'nodejs24.x', 'provided.al2023'])
    assert.equal(canStreamResponses(runtime), true, runtime);
  for (const runtime of ['python3.12', 'java21', 'ruby3.3', 'dotnet8', 'no-such-runtime'])
    assert.equal(canStreamResponses(runtime), false, runtime);
  assert.equal(whyNoStreaming('nodejs22.x'), undefined);
  assert.match(whyNoStreaming('python3.13')!, /^python3\.13 does not stream responses on Lambda/);
});

const DELIMITER = Buffer.alloc(8);

test('the prelude is read across chunks, and the bytes after the delimiter are body', () => {
  const reader = new PreludeReader();
  const json = Buffer.from(
    JSON.stringify({ statusCode: 201, headers: { a: 'b', n: 1 }, cookies: ['c=d', 5] }),
  );
  assert.equal(reader.push(json.subarray(0, 10)), undefined);
  assert.equal(
    reader.push(Buffer.concat([json.subarray(10), DELIMITER.subarray(0, 3)])),
    undefined,
  );
  const found = reader.push(Buffer.concat([DELIMITER.subarray(3), Buffer.from('body')]));
  assert.deepEqual(found?.prelude, {
    statusCode: 201,
    headers: { a: 'b', n: '1' },
    cookies: ['c=d'],
  });
  assert.equal(found?.rest.toString(), 'body');
});

test('a prelude that is not a JSON object, or has wrong fields, gives no status or headers', () => {
  assert.equal(
    new PreludeReader().push(Buffer.concat([Buffer.from('not json'), DELIMITER]))?.prelude,
    undefined,
  );
  assert.equal(
    new PreludeReader().push(Buffer.concat([Buffer.from('[1]'), DELIMITER]))?.prelude,
    undefined,
  );
  assert.deepEqual(
    new PreludeReader().push(
      Buffer.concat([Buffer.from('{"statusCode":99,"headers":[1]}'), DELIMITER]),
    )?.prelude,
    {},
  );
});

test('no delimiter within 64 KB, or before the end: the held bytes are body', () => {
  const reader = new PreludeReader();
  const found = reader.push(Buffer.alloc(PRELUDE_MAX_BYTES + 1, 120));
  assert.equal(found?.prelude, undefined);
  assert.equal(found?.rest.length, PRELUDE_MAX_BYTES + 1);
  const short = new PreludeReader();
  assert.equal(short.push(Buffer.from('{"statusCode":200}')), undefined);
  assert.equal(short.end().rest.toString(), '{"statusCode":200}');
});
