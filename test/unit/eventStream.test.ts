import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { eventMessage, exceptionMessage } from '../../src/local/http/eventStream';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

test('an event message decodes with the SDK codec to its type, content type and bytes', () => {
  const decoded = codec.decode(eventMessage('PayloadChunk', Buffer.from('héllo')));
  assert.equal(decoded.headers[':message-type']!.value, 'event');
  assert.equal(decoded.headers[':event-type']!.value, 'PayloadChunk');
  assert.equal(decoded.headers[':content-type']!.value, 'application/octet-stream');
  assert.equal(Buffer.from(decoded.body).toString(), 'héllo');
});

test('an object payload is sent as JSON', () => {
  const decoded = codec.decode(eventMessage('InvokeComplete', { ErrorCode: 'Unhandled' }));
  assert.equal(decoded.headers[':content-type']!.value, 'application/json');
  assert.deepEqual(JSON.parse(Buffer.from(decoded.body).toString()), { ErrorCode: 'Unhandled' });
});

test('an exception message names the exception type', () => {
  const decoded = codec.decode(exceptionMessage('SessionTimeoutException', 'over'));
  assert.equal(decoded.headers[':message-type']!.value, 'exception');
  assert.equal(decoded.headers[':exception-type']!.value, 'SessionTimeoutException');
  assert.deepEqual(JSON.parse(Buffer.from(decoded.body).toString()), { message: 'over' });
});
