// What a function's result becomes as an HTTP response behind a Function URL (payload format 2.0),
// as AWS's "Lambda function URLs: request and response payloads" describes it: a result with a
// `statusCode` is a structured response {statusCode, headers, cookies, body, isBase64Encoded};
// any other valid JSON (an object, a string, a number) is a 200 `application/json` response
// whose body is the JSON the function returned ("Hello, world!" arrives with its quotes).
// A function error, or a result that is no JSON or a malformed structured response, is Lambda's
// 502 "Internal Server Error" (awsdocs/aws-lambda-developer-guide#430, awslabs/aws-lambda-cpp#200).

export interface HttpAnswer {
  readonly status: number;
  /** Lower-cased names; `set-cookie` may repeat, so it is a list of pairs. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

export const FUNCTION_ERROR_BODY = 'Internal Server Error';

export function functionErrorAnswer(): HttpAnswer {
  return {
    status: 502,
    headers: [['content-type', 'application/json']],
    body: Buffer.from(FUNCTION_ERROR_BODY),
  };
}

// RFC 9110 token characters for a name; a value of visible characters, spaces, tabs and Latin-1
// (obs-text): a line break would forge headers, and any other control character, or a character
// past Latin-1, is one no HTTP answer can carry (Node refuses to write it).
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** A header value as API Gateway and Function URLs take it (a string, number or boolean), or undefined. */
export function headerText(value: unknown): string | undefined {
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : undefined;
  return text !== undefined && HEADER_VALUE.test(text) ? text : undefined;
}

/** The HTTP response for a function's result; `functionError` when the invocation failed. */
export function payloadV2Response(payload: Uint8Array, functionError: boolean): HttpAnswer {
  return functionError
    ? functionErrorAnswer()
    : (payloadV2Result(payload) ?? functionErrorAnswer());
}

/** A successful result as its HTTP response; undefined when it is no JSON or a malformed structured response. */
export function payloadV2Result(payload: Uint8Array): HttpAnswer | undefined {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  let result: unknown;
  try {
    result = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (
    result === null ||
    typeof result !== 'object' ||
    Array.isArray(result) ||
    !('statusCode' in result)
  ) {
    return { status: 200, headers: [['content-type', 'application/json']], body: bytes };
  }
  return structured(result as Record<string, unknown>);
}

function structured(result: Record<string, unknown>): HttpAnswer | undefined {
  const status =
    typeof result.statusCode === 'string' ? Number(result.statusCode) : result.statusCode;
  // A 1xx is no final answer: the client would wait on for one that never comes.
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)
    return undefined;
  const headers: [string, string][] = [];
  if (result.headers !== undefined && result.headers !== null) {
    if (typeof result.headers !== 'object' || Array.isArray(result.headers)) return undefined;
    for (const [name, value] of Object.entries(result.headers)) {
      const text = headerText(value);
      if (text === undefined || !HEADER_NAME.test(name)) return undefined;
      headers.push([name.toLowerCase(), text]);
    }
  }
  if (result.cookies !== undefined && result.cookies !== null) {
    if (!Array.isArray(result.cookies)) return undefined;
    for (const cookie of result.cookies) {
      if (typeof cookie !== 'string' || !HEADER_VALUE.test(cookie)) return undefined;
      headers.push(['set-cookie', cookie]);
    }
  }
  let body = Buffer.alloc(0);
  if (result.body !== undefined && result.body !== null) {
    const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
    body =
      result.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  }
  return { status, headers, body };
}
