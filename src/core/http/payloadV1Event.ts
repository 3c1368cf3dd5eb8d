// An HTTP request as the event API Gateway gives a Lambda proxy integration in payload format 1.0:
// REST APIs always, HTTP APIs where a route's PayloadFormatVersion is "1.0". Shape from AWS's
// "Set up Lambda proxy integrations in API Gateway" (input format) and "HTTP API: payload format
// 1.0", and the catalog's apigateway aws-proxy sample: `headers` and `queryStringParameters` hold
// the last value of a repeated name, their `multiValue…` twins every value, and a map with nothing
// in it is null. REST keeps header names as sent; HTTP APIs lower-case them.
import { requestContextTime } from '../awsTime';
import { queryMaps } from '../events/httpRequest';
import { eventBody, type RawHttpRequest } from './payloadV2Event';

export interface PayloadV1Context {
  readonly api: 'REST' | 'HTTP';
  readonly apiId: string;
  readonly stage: string;
  /** The route's path as declared (`/items/{id}`): `resource` and requestContext.resourcePath. */
  readonly resource: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** HTTP APIs: the route key (`GET /items/{id}`), requestContext.resourceId. */
  readonly routeKey?: string;
  readonly accountId: string;
  readonly requestId: string;
  readonly domainName: string;
  readonly now: Date;
  /** REST: whether the body's content type is one of the API's BinaryMediaTypes (else it passes as text). */
  readonly binaryBody?: (contentType: string | undefined) => boolean;
  /** The port and trace id API Gateway's front end adds as X-Forwarded-* and X-Amzn-Trace-Id. */
  readonly forwarded?: {
    readonly port: number;
    readonly proto: 'http' | 'https';
    readonly traceId: string;
  };
}

export interface PayloadV1Event {
  version?: '1.0';
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  requestContext: Record<string, unknown>;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  body: string | null;
  isBase64Encoded: boolean;
}

/**
 * Every value of each header, in arrival order. Names are grouped without regard to case and keep
 * the spelling they first arrived in (or are lower-cased).
 */
export function headerLists(
  rawHeaders: readonly string[],
  lowerCase: boolean,
): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  const spelling = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = rawHeaders[i]!.toLowerCase();
    if (!spelling.has(key)) spelling.set(key, lowerCase ? key : rawHeaders[i]!);
    const values = byKey.get(key);
    if (values) values.push(rawHeaders[i + 1]!);
    else byKey.set(key, [rawHeaders[i + 1]!]);
  }
  return new Map([...byKey].map(([key, values]) => [spelling.get(key)!, values]));
}

function lastValues(lists: ReadonlyMap<string, readonly string[]>): Record<string, string> {
  return Object.fromEntries([...lists].map(([name, values]) => [name, values[values.length - 1]!]));
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** API Gateway's extendedRequestId / resourceId look: letters and digits. */
function shortId(seed: string, length: number): string {
  return seed
    .replace(/[^a-zA-Z0-9]/g, '')
    .slice(0, length)
    .padEnd(length, '0');
}

export function payloadV1Event(request: RawHttpRequest, context: PayloadV1Context): PayloadV1Event {
  const rest = context.api === 'REST';
  const queryAt = request.target.indexOf('?');
  const rawPath = queryAt < 0 ? request.target : request.target.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : request.target.slice(queryAt + 1);
  const lists = headerLists(request.rawHeaders, !rest);
  if (context.forwarded) {
    const name = (text: string) => (rest ? text : text.toLowerCase());
    const forwardedFor = [...lists].find(([n]) => n.toLowerCase() === 'x-forwarded-for');
    lists.delete(forwardedFor?.[0] ?? '');
    lists.set(name('X-Forwarded-For'), [
      forwardedFor ? `${forwardedFor[1].join(', ')}, ${request.sourceIp}` : request.sourceIp,
    ]);
    lists.set(name('X-Forwarded-Port'), [String(context.forwarded.port)]);
    lists.set(name('X-Forwarded-Proto'), [context.forwarded.proto]);
    lists.set(name('X-Amzn-Trace-Id'), [context.forwarded.traceId]);
  }
  const contentType = [...lists].find(([n]) => n.toLowerCase() === 'content-type')?.[1].at(-1);
  const userAgent = [...lists].find(([n]) => n.toLowerCase() === 'user-agent')?.[1].at(-1) ?? null;
  let body: { body: string; isBase64Encoded: boolean } | undefined;
  if (request.body.length > 0) {
    // A REST API passes bodies as text unless their type is a binary media type of the API.
    body =
      rest && !(context.binaryBody?.(contentType) ?? false)
        ? { body: Buffer.from(request.body).toString('utf8'), isBase64Encoded: false }
        : rest
          ? { body: Buffer.from(request.body).toString('base64'), isBase64Encoded: true }
          : eventBody(request.body, contentType);
  }
  const query = rawQuery ? queryMaps(rawQuery) : undefined;
  const path = decodePath(rawPath);
  const hasParameters = Object.keys(context.pathParameters).length > 0;
  return {
    ...(rest ? {} : { version: '1.0' as const }),
    resource: context.resource,
    path,
    httpMethod: request.method,
    headers: lists.size ? lastValues(lists) : null,
    multiValueHeaders: lists.size ? Object.fromEntries(lists) : null,
    queryStringParameters: query && Object.keys(query.single).length ? query.single : null,
    multiValueQueryStringParameters: query && Object.keys(query.multi).length ? query.multi : null,
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName: context.domainName,
      domainPrefix: context.apiId,
      extendedRequestId: `${shortId(context.requestId, 14)}=`,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
      // REST: the path as the client called it, stage first; HTTP APIs: the path alone.
      path: rest ? `/${context.stage}${path}` : path,
      protocol: request.protocol,
      requestId: context.requestId,
      requestTime: requestContextTime(context.now),
      requestTimeEpoch: context.now.getTime(),
      resourceId: rest
        ? shortId(context.requestId.slice(-6), 6).toLowerCase()
        : (context.routeKey ?? `${request.method} ${context.resource}`),
      resourcePath: context.resource,
      stage: context.stage,
    },
    pathParameters: hasParameters ? { ...context.pathParameters } : null,
    stageVariables: null,
    body: body?.body ?? null,
    isBase64Encoded: body?.isBase64Encoded ?? false,
  };
}
