// An HTTP request as the event Lambda gives a function behind a Function URL: payload format 2.0
// (the same schema as API Gateway HTTP APIs). Shape from AWS's "Lambda function URLs: request and
// response payloads" (urls-invocation) and events captured from real URLs: keys with nothing to
// say (cookies, queryStringParameters, body) are left out, as Lambda leaves them out.
import { requestContextTime } from '../awsTime';

/** What arrived on the socket. */
export interface RawHttpRequest {
  readonly method: string;
  /** The request target as sent: path and query, still percent-encoded. */
  readonly target: string;
  /** Names and values in arrival order, as Node's `rawHeaders`. */
  readonly rawHeaders: readonly string[];
  readonly body: Uint8Array;
  readonly sourceIp: string;
  /** "HTTP/1.1" */
  readonly protocol: string;
}

/** The caller's identity, for an AWS_IAM URL (requestContext.authorizer.iam). */
export interface IamCaller {
  readonly accessKey: string;
  readonly accountId: string;
  readonly callerId: string;
  readonly userArn: string;
  readonly userId: string;
}

export interface EventContext {
  /** The URL id: requestContext.apiId and domainPrefix. */
  readonly urlId: string;
  readonly domainName: string;
  /** The function owner's account; "anonymous" is used for NONE, as Lambda does. */
  readonly accountId: string;
  readonly requestId: string;
  readonly now: Date;
  readonly iam?: IamCaller;
  /** An HTTP API's route (a Function URL has none: its routeKey and stage are `$default`, its accountId "anonymous"). */
  readonly route?: {
    readonly routeKey: string;
    readonly stage: string;
    readonly pathParameters: Readonly<Record<string, string>>;
  };
  /** What Lambda's front end adds to the headers: the port and scheme the client reached, and an X-Ray trace id. */
  readonly forwarded?: {
    readonly port: number;
    readonly proto: 'http' | 'https';
    readonly traceId: string;
  };
}

export interface PayloadV2Event {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  requestContext: Record<string, unknown>;
  body?: string;
  isBase64Encoded: boolean;
}

/**
 * In one pass over the headers: the headers lower-cased, a repeated one joined with commas (no
 * space), as Lambda joins them, without Cookie; and the cookies, `a=1; b=2` (and repeated Cookie
 * headers) into ["a=1", "b=2"]: cookies travel in `cookies` only.
 */
export function headersAndCookies(rawHeaders: readonly string[]): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (name === 'cookie') {
      for (const part of value.split(';')) {
        const cookie = part.trim();
        if (cookie) cookies.push(cookie);
      }
    } else headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

/** Decoded query parameters, a repeated one joined with commas. */
export function queryParameters(rawQuery: string): Record<string, string> {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return params;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// Lambda sends these as text and every other body (form posts and bodies without a type
// included) base64-encoded (observed on real URLs; AWS documents only "binary is base64").
const TEXT_TYPE = /^(text\/[^;]+|application\/(json|javascript|xml))\s*(;|$)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as the event carries it: text for textual types that are valid UTF-8, else base64. */
export function eventBody(
  body: Uint8Array,
  contentType: string | undefined,
): { body: string; isBase64Encoded: boolean } {
  if (contentType !== undefined && TEXT_TYPE.test(contentType.trim())) {
    try {
      return { body: utf8.decode(body), isBase64Encoded: false };
    } catch {
      // Declared as text but not UTF-8: base64 keeps every byte.
    }
  }
  return {
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'),
    isBase64Encoded: true,
  };
}

export function payloadV2Event(request: RawHttpRequest, context: EventContext): PayloadV2Event {
  const queryAt = request.target.indexOf('?');
  const rawPath = queryAt < 0 ? request.target : request.target.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : request.target.slice(queryAt + 1);
  const { headers, cookies } = headersAndCookies(request.rawHeaders);
  if (context.forwarded) {
    // As a load balancer adds them: the client's address appended to any X-Forwarded-For it sent.
    headers['x-amzn-trace-id'] = context.forwarded.traceId;
    headers['x-forwarded-for'] = headers['x-forwarded-for']
      ? `${headers['x-forwarded-for']}, ${request.sourceIp}`
      : request.sourceIp;
    headers['x-forwarded-port'] = String(context.forwarded.port);
    headers['x-forwarded-proto'] = context.forwarded.proto;
  }
  const body =
    request.body.length > 0 ? eventBody(request.body, headers['content-type']) : undefined;
  const route = context.route;
  return {
    version: '2.0',
    routeKey: route?.routeKey ?? '$default',
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers: { ...headers },
    ...(rawQueryString ? { queryStringParameters: { ...queryParameters(rawQueryString) } } : {}),
    ...(route && Object.keys(route.pathParameters).length
      ? { pathParameters: { ...route.pathParameters } }
      : {}),
    requestContext: {
      accountId: context.iam ? context.iam.accountId : route ? context.accountId : 'anonymous',
      apiId: context.urlId,
      ...(context.iam
        ? { authorizer: { iam: { ...context.iam, cognitoIdentity: null, principalOrgId: null } } }
        : {}),
      domainName: context.domainName,
      domainPrefix: context.urlId,
      http: {
        method: request.method,
        path: rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: route?.routeKey ?? '$default',
      stage: route?.stage ?? '$default',
      time: requestContextTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(body ? { body: body.body } : {}),
    isBase64Encoded: body?.isBase64Encoded ?? false,
  };
}
