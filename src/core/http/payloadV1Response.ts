// What a function's result becomes as API Gateway's HTTP response, for payload format 1.0 (AWS's
// "Output format of a Lambda function for proxy integration"): {statusCode, headers,
// multiValueHeaders, body, isBase64Encoded}, where both header maps are merged and a name in
// multiValueHeaders replaces the same name in headers. Anything else — no statusCode, a body that
// is not a string, a function error — is API Gateway's error: a REST API's 502 "Internal server
// error" (Malformed Lambda proxy response), an HTTP API's 500 "Internal Server Error".
import { HEADER_NAME, headerText, type HttpAnswer } from './payloadV2Response';
import { isJsonObject } from '../jsonObject';

export type ApiKind = 'REST' | 'HTTP';

/** API Gateway's answer when the integration failed or answered in a shape it cannot map. */
export function integrationErrorAnswer(api: ApiKind): HttpAnswer {
  return api === 'REST'
    ? {
        status: 502,
        headers: [
          ['content-type', 'application/json'],
          ['x-amzn-errortype', 'InternalServerErrorException'],
        ],
        body: Buffer.from('{"message": "Internal server error"}'),
      }
    : {
        status: 500,
        headers: [['content-type', 'application/json']],
        body: Buffer.from('{"message":"Internal Server Error"}'),
      };
}

type Json = Record<string, unknown>;

/**
 * @param decodeBase64 whether an isBase64Encoded body is sent as its bytes: always for HTTP APIs; for
 *   a REST API only when its BinaryMediaTypes cover the request (else the base64 text goes out as is)
 */
export function payloadV1Response(
  payload: Uint8Array,
  functionError: boolean,
  api: ApiKind,
  decodeBase64 = api === 'HTTP',
): HttpAnswer {
  if (functionError) return integrationErrorAnswer(api);
  let result: unknown;
  try {
    result = JSON.parse(
      Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'),
    );
  } catch {
    return integrationErrorAnswer(api);
  }
  return isJsonObject(result)
    ? (structured(result, decodeBase64) ?? integrationErrorAnswer(api))
    : integrationErrorAnswer(api);
}

function structured(result: Json, decodeBase64: boolean): HttpAnswer | undefined {
  const status =
    typeof result.statusCode === 'string' && /^\d+$/.test(result.statusCode)
      ? Number(result.statusCode)
      : result.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return undefined;
  const merged = new Map<string, [string, string[]]>();
  if (result.headers !== undefined && result.headers !== null) {
    if (!isJsonObject(result.headers)) return undefined;
    for (const [name, value] of Object.entries(result.headers)) {
      const text = headerText(value);
      if (text === undefined || !HEADER_NAME.test(name)) return undefined;
      merged.set(name.toLowerCase(), [name, [text]]);
    }
  }
  if (result.multiValueHeaders !== undefined && result.multiValueHeaders !== null) {
    if (!isJsonObject(result.multiValueHeaders)) return undefined;
    for (const [name, values] of Object.entries(result.multiValueHeaders)) {
      if (!Array.isArray(values) || !HEADER_NAME.test(name)) return undefined;
      const texts = values.map(headerText);
      if (texts.some((t) => t === undefined)) return undefined;
      merged.set(name.toLowerCase(), [name, texts as string[]]);
    }
  }
  let body = Buffer.alloc(0);
  if (result.body !== undefined && result.body !== null) {
    if (typeof result.body !== 'string') return undefined;
    body =
      result.isBase64Encoded === true && decodeBase64
        ? Buffer.from(result.body, 'base64')
        : Buffer.from(result.body, 'utf8');
  }
  const headers: [string, string][] = [];
  for (const [name, values] of merged.values())
    for (const value of values) headers.push([name.toLowerCase(), value]);
  if (!merged.has('content-type')) headers.push(['content-type', 'application/json']);
  return { status, headers, body };
}
