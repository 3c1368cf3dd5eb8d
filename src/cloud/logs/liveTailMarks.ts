// The local endpoint's platform mark on Live Tail lines (core/logs/platformMark.ts): a header on
// each sessionUpdate message, which the SDK's deserializer does not pass on. A middleware inside
// the deserializer reads the event-stream frames as they go by (the SDK gets the same bytes) and
// queues each update's marked places, in the order the SDK then yields the updates.
import { Readable } from 'node:stream';
import type { StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LIVE_TAIL_PLATFORM_HEADER, platformLinePlaces } from '../../core/logs/platformMark';

/** Header value type 7: a string (event-stream encoding). */
const STRING_TYPE = 7;
/** Bytes of each other type's value, or -1 for those with a 2-byte length first. */
const VALUE_BYTES: Record<number, number> = {
  0: 0,
  1: 0,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: -1,
  7: -1,
  8: 8,
  9: 16,
};

/** Marked places of each sessionUpdate, oldest first: take one per update the SDK yields. */
export interface UpdateMarks {
  next(): Set<number>;
}

export function readPlatformMarks(command: StartLiveTailCommand): UpdateMarks {
  const queue: Set<number>[] = [];
  const middleware =
    (next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: AsyncIterable<Uint8Array> };
      if (response.statusCode === 200 && response.body && Symbol.asyncIterator in response.body) {
        response.body = Readable.from(watchFrames(response.body, queue));
      }
      return result;
    };
  command.middlewareStack.addRelativeTo(middleware as never, {
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
    name: 'lambdaLensPlatformMarks',
  });
  return { next: () => queue.shift() ?? new Set() };
}

/**
 * Passes the bytes on unchanged, noting each sessionUpdate's marks on the way. A frame's chunks are
 * joined once it has all arrived (joining at each chunk copied a large update again and again).
 */
async function* watchFrames(
  body: AsyncIterable<Uint8Array>,
  queue: Set<number>[],
): AsyncGenerator<Uint8Array> {
  let parts: Buffer[] = [];
  let buffered = 0;
  /** Bytes to wait for before reading again: a prelude, then the whole frame it announces. */
  let needed = 12;
  let readable = true;
  for await (const chunk of body) {
    if (readable) {
      parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      buffered += chunk.byteLength;
    }
    if (readable && buffered >= needed) {
      let pending = parts.length === 1 ? parts[0]! : Buffer.concat(parts, buffered);
      needed = 12;
      while (readable && pending.length >= 12) {
        const length = pending.readUInt32BE(0);
        if (length < 16) readable = false; // not a frame: the SDK will say so; nothing more is read here
        if (!readable) break;
        if (pending.length < length) {
          needed = length;
          break;
        }
        const headers = frameHeaders(pending.subarray(12, 12 + pending.readUInt32BE(4)));
        if (headers === undefined) readable = false;
        else if (headers.get(':event-type') === 'sessionUpdate')
          queue.push(platformLinePlaces(headers.get(LIVE_TAIL_PLATFORM_HEADER)));
        pending = pending.subarray(length);
      }
      parts = readable && pending.length ? [pending] : [];
      buffered = readable ? pending.length : 0;
    }
    yield chunk;
  }
}

/**
 * A frame's string headers, read without checking its CRCs (the SDK, which decodes the same bytes,
 * checks them and says what is wrong); undefined when they cannot be read.
 */
function frameHeaders(bytes: Buffer): Map<string, string> | undefined {
  const headers = new Map<string, string>();
  let at = 0;
  while (at < bytes.length) {
    const nameLength = bytes[at]!;
    const name = bytes.toString('utf8', at + 1, at + 1 + nameLength);
    at += 1 + nameLength;
    const type = bytes[at++];
    const size = type === undefined ? undefined : VALUE_BYTES[type];
    if (size === undefined || at > bytes.length) return undefined;
    if (size >= 0) {
      at += size;
      continue;
    }
    if (at + 2 > bytes.length) return undefined;
    const valueLength = bytes.readUInt16BE(at);
    if (type === STRING_TYPE)
      headers.set(name, bytes.toString('utf8', at + 2, at + 2 + valueLength));
    at += 2 + valueLength;
  }
  return at === bytes.length ? headers : undefined;
}
