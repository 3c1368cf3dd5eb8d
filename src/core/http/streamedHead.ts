// The status line and headers of a streamed answer behind a RESPONSE_STREAM Function URL. Only the
// prelude of `awslambda.HttpResponseStream.from()` (or any runtime that streams with the content type
// application/vnd.awslambda.http-integration-response) sets them: without one the status is 200 and
// the bytes are the body as they are, whatever they hold: a returned `{statusCode, body}` is not
// mapped as a BUFFERED URL maps it (aws-lambda-go has a separate LambdaFunctionURLStreamingResponse
// that writes this prelude for RESPONSE_STREAM URLs, beside LambdaFunctionURLResponse for BUFFERED
// ones; a Swift runtime that streams without the prelude sees "the status code and headers are set by
// AWS", awslabs/swift-aws-lambda-runtime#515).
import type { HttpPrelude } from '../invoke/responseStreaming';
import { HEADER_NAME, HEADER_VALUE } from './payloadV2Response';

export interface StreamedHead {
  readonly status: number;
  /** Lower-cased names; `set-cookie` repeats, one per cookie. */
  readonly headers: readonly (readonly [string, string])[];
}

/** The URL frames the body itself (chunked): what the function says about framing is not passed on. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/**
 * The head for a streamed body: from the prelude when there is one, else 200 with the content type
 * the runtime streamed with. Undefined when the prelude holds what no HTTP answer can carry (a line
 * break or another control character in a header, a 1xx status), which the URL answers as 502, as for a malformed buffered response.
 */
export function streamedHead(
  prelude: HttpPrelude | undefined,
  contentType: string,
): StreamedHead | undefined {
  if (!prelude) return { status: 200, headers: [['content-type', contentType]] };
  // A 1xx status is no final answer: no client would take the body that follows it.
  if (prelude.statusCode !== undefined && prelude.statusCode < 200) return undefined;
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(prelude.headers ?? {})) {
    if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(value)) return undefined;
    const lower = name.toLowerCase();
    if (!FRAMING.has(lower)) headers.push([lower, value]);
  }
  for (const cookie of prelude.cookies ?? []) {
    if (!HEADER_VALUE.test(cookie)) return undefined;
    headers.push(['set-cookie', cookie]);
  }
  if (!headers.some(([name]) => name === 'content-type'))
    headers.push(['content-type', 'application/octet-stream']);
  return { status: prelude.statusCode ?? 200, headers };
}
