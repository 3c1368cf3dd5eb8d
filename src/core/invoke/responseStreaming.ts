// Response streaming, as far as it is pure: which runtimes stream, and the metadata prelude that
// `awslambda.HttpResponseStream.from()` writes before the body (aws-lambda-nodejs-runtime-interface-
// client, src/HttpResponseStream.js): the prelude as JSON, then 8 NUL bytes, then the body.
import { runtimeInfo } from '../runtimes';
import { isJsonObject } from '../jsonObject';

/** The content type a runtime sets on a streamed response that starts with an HTTP prelude. */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
/** What a runtime that sets none streams as. */
export const DEFAULT_STREAM_CONTENT_TYPE = 'application/octet-stream';
const DELIMITER_BYTES = 8;

/**
 * Whether a function of this runtime can stream its response. Lambda streams from Node.js managed
 * runtimes only; a custom runtime (`provided.*`) streams when its bootstrap posts its response in
 * streaming mode. Python and the others answer in one piece, sent whole once it is complete (DG
 * "Response streaming for Lambda functions": "Lambda supports response streaming on Node.js
 * managed runtimes. For other languages, you can use a custom runtime … or the Lambda Web Adapter").
 */
export function canStreamResponses(runtime: string): boolean {
  const family = runtimeInfo(runtime)?.family;
  return family === 'nodejs' || family === 'provided';
}

/** Why a function will not stream, in words for the tree and the CLI; undefined when it can. */
export function whyNoStreaming(runtime: string): string | undefined {
  if (canStreamResponses(runtime)) return undefined;
  return `${runtime} does not stream responses on Lambda (only Node.js managed runtimes and custom runtimes do): its whole response arrives at once, when the function returns, within the 6 MB limit of buffered responses.`;
}

/** The prelude's fields, as HttpResponseStream.from() takes them (anything else in it is ignored). */
export interface HttpPrelude {
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
  readonly cookies?: string[];
}

/** A prelude this large without its delimiter is no prelude: the bytes are passed on as body. */
export const PRELUDE_MAX_BYTES = 64 * 1024;

/**
 * Reads the prelude off the start of a streamed body, chunk by chunk: `push` returns undefined
 * while it needs more bytes, then the prelude (undefined fields when it is not a JSON object) and
 * the body bytes that followed it in the same chunk.
 */
export class PreludeReader {
  private held: Buffer[] = [];
  private heldBytes = 0;

  push(chunk: Buffer): { prelude: HttpPrelude | undefined; rest: Buffer } | undefined {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    const all = this.held.length === 1 ? chunk : Buffer.concat(this.held, this.heldBytes);
    this.held = [all];
    const end = all.indexOf(Buffer.alloc(DELIMITER_BYTES));
    if (end < 0) return this.heldBytes > PRELUDE_MAX_BYTES ? this.giveUp() : undefined;
    this.held = [];
    this.heldBytes = 0;
    return {
      prelude: parsePrelude(all.subarray(0, end).toString('utf8')),
      rest: all.subarray(end + DELIMITER_BYTES),
    };
  }

  /** The stream ended: whatever was held is body (no delimiter came). */
  end(): { prelude: undefined; rest: Buffer } {
    return this.giveUp();
  }

  private giveUp(): { prelude: undefined; rest: Buffer } {
    const rest = Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    return { prelude: undefined, rest };
  }
}

function parsePrelude(text: string): HttpPrelude | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(parsed)) return undefined;
  const { statusCode, headers, cookies } = parsed;
  const stringHeaders = isJsonObject(headers)
    ? Object.fromEntries(
        Object.entries(headers)
          .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
          .map(([k, v]) => [k, String(v)]),
      )
    : undefined;
  return {
    ...(Number.isInteger(statusCode) &&
    (statusCode as number) >= 100 &&
    (statusCode as number) <= 599
      ? { statusCode: statusCode as number }
      : {}),
    ...(stringHeaders ? { headers: stringHeaders } : {}),
    ...(Array.isArray(cookies)
      ? { cookies: cookies.filter((c): c is string => typeof c === 'string') }
      : {}),
  };
}
