// One request as the API handlers see it, after the Host check, body read and signature check.
export interface Exchange {
  readonly method: string;
  /** Path segments, percent-decoded. */
  readonly segments: readonly string[];
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  /** The region the request was signed for: each region keeps its own functions and logs. */
  readonly region: string;
  /** The API operation the request was routed to (IAM's action name: AccessDenied messages name it). */
  readonly operation?: string;
  /** Aborted when the caller goes away before its answer (a debug invocation then stops). */
  readonly signal?: AbortSignal;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** JSON-serialised unless it is a Buffer or a stream of bytes (sent chunked, as produced). */
  readonly body?: unknown;
}

/** A body sent as it is produced (response streaming, Live Tail); ended early when the caller goes. */
export interface StreamedBody {
  readonly stream: AsyncIterable<Uint8Array>;
}

export function isStreamedBody(body: unknown): body is StreamedBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    'stream' in body &&
    typeof (body as StreamedBody).stream?.[Symbol.asyncIterator] === 'function'
  );
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers ? { headers } : {}) };
}

export function queryString(exchange: Exchange, name: string): string | undefined {
  const value = exchange.query[name];
  return Array.isArray(value) ? value[0] : value;
}
