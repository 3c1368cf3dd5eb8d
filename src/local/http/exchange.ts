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
  /** Aborted when the caller goes away before its answer (a debug invocation then stops). */
  readonly signal?: AbortSignal;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** JSON-serialised unless it is a Buffer. */
  readonly body?: unknown;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers ? { headers } : {}) };
}

export function queryString(exchange: Exchange, name: string): string | undefined {
  const value = exchange.query[name];
  return Array.isArray(value) ? value[0] : value;
}
