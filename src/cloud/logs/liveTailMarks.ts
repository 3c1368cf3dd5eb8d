// The local endpoint's platform mark on Live Tail lines (core/logs/platformMark.ts): a header on
// each sessionUpdate message, which the SDK's deserializer does not pass on. A middleware inside
// the deserializer reads the event-stream frames as they go by (the SDK gets the same bytes) and
// queues each update's marked places, in the order the SDK then yields the updates.
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { Readable } from 'node:stream';
import type { StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LIVE_TAIL_PLATFORM_HEADER, platformLinePlaces } from '../../core/logs/platformMark';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Marked places of each sessionUpdate, oldest first: take one per update the SDK yields. */
export interface UpdateMarks {
  next(): Set<number>;
}

export function readPlatformMarks(command: StartLiveTailCommand): UpdateMarks {
  const queue: Set<number>[] = [];
  const middleware = (next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: AsyncIterable<Uint8Array> };
    if (response.statusCode === 200 && response.body && Symbol.asyncIterator in response.body) {
      response.body = Readable.from(watchFrames(response.body, queue));
    }
    return result;
  };
  command.middlewareStack.addRelativeTo(middleware as never, { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'lambdaLensPlatformMarks' });
  return { next: () => queue.shift() ?? new Set() };
}

/** Passes the bytes on unchanged, noting each sessionUpdate's marks on the way. */
async function* watchFrames(body: AsyncIterable<Uint8Array>, queue: Set<number>[]): AsyncGenerator<Uint8Array> {
  let pending = Buffer.alloc(0);
  let readable = true;
  for await (const chunk of body) {
    if (readable) pending = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
    while (readable && pending.length >= 4) {
      const length = pending.readUInt32BE(0);
      if (length < 16) readable = false; // not a frame: the SDK will say so; nothing more is read here
      if (!readable || pending.length < length) break;
      try {
        const message = codec.decode(pending.subarray(0, length));
        if (message.headers[':event-type']?.value === 'sessionUpdate') {
          const header = message.headers[LIVE_TAIL_PLATFORM_HEADER];
          queue.push(platformLinePlaces(header?.type === 'string' ? header.value : undefined));
        }
      } catch {
        // The SDK decodes the same bytes and says what is wrong with them.
      }
      pending = pending.subarray(length);
    }
    yield chunk;
  }
}
