// AWS event-stream framing (application/vnd.amazon.eventstream), as the SDKs decode it: used by
// Lambda's InvokeWithResponseStream and CloudWatch Logs' StartLiveTail. The binary codec (prelude,
// typed headers, CRC-32s) is the SDK's own, so what we write is what the SDK reads.
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

function stringHeader(value: string) {
  return { type: 'string' as const, value };
}

/** One `event` message: `payload` as bytes, or an object sent as JSON; `extraHeaders` are string headers of ours, which SDKs ignore. */
export function eventMessage(
  eventType: string,
  payload: Uint8Array | object,
  contentType?: string,
  extraHeaders?: Record<string, string>,
): Buffer {
  const bytes = payload instanceof Uint8Array ? payload : Buffer.from(JSON.stringify(payload));
  const type =
    contentType ??
    (payload instanceof Uint8Array ? 'application/octet-stream' : 'application/json');
  return asBuffer(
    codec.encode({
      headers: {
        ':message-type': stringHeader('event'),
        ':event-type': stringHeader(eventType),
        ':content-type': stringHeader(type),
        ...Object.fromEntries(
          Object.entries(extraHeaders ?? {}).map(([name, value]) => [name, stringHeader(value)]),
        ),
      },
      body: bytes,
    }),
  );
}

/** The encoded message as a Buffer over the same bytes (Buffer.from would copy it all again). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A modelled error inside the stream: the SDK raises it as the named exception. */
export function exceptionMessage(exceptionType: string, message: string): Buffer {
  return Buffer.from(
    codec.encode({
      headers: {
        ':message-type': stringHeader('exception'),
        ':exception-type': stringHeader(exceptionType),
        ':content-type': stringHeader('application/json'),
      },
      body: Buffer.from(JSON.stringify({ message })),
    }),
  );
}
