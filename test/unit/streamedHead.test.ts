// The head of a RESPONSE_STREAM Function URL's answer, from the HttpResponseStream prelude.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { streamedHead } from '../../src/core/http/streamedHead';

test('the prelude sets the status, lower-cased headers and one set-cookie per cookie', () => {
  assert.deepEqual(
    streamedHead(
      {
        statusCode: 418,
        headers: { 'Content-Type': 'text/plain', 'X-A': '1' },
        cookies: ['a=1', 'b=2'],
      },
      'ignored',
    ),
    {
      status: 418,
      headers: [
        ['content-type', 'text/plain'],
        ['x-a', '1'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ],
    },
  );
});

test("framing is the URL's own: content-length, transfer-encoding and connection are not passed on", () => {
  const head = streamedHead(
    {
      headers: {
        'content-length': '3',
        'Transfer-Encoding': 'gzip',
        connection: 'close',
        'keep-alive': 'x',
      },
    },
    'x',
  );
  assert.deepEqual(head, { status: 200, headers: [['content-type', 'application/octet-stream']] });
});

test('without a prelude: 200 and the content type the runtime streamed with', () => {
  assert.deepEqual(streamedHead(undefined, 'application/json'), {
    status: 200,
    headers: [['content-type', 'application/json']],
  });
});

test('a header no HTTP answer can carry makes the head undefined (the URL answers 502)', () => {
  assert.equal(streamedHead({ headers: { 'x-bad': 'a\r\nx-injected: 1' } }, 'x'), undefined);
  assert.equal(streamedHead({ headers: { 'bad name': 'v' } }, 'x'), undefined);
  assert.equal(streamedHead({ cookies: ['a=1\nb'] }, 'x'), undefined);
  assert.equal(streamedHead({ statusCode: 101 }, 'x'), undefined);
});
