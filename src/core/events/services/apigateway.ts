// Amazon API Gateway: REST (proxy and authorizers), HTTP API (payload 2.0) and WebSocket APIs.
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyWebsocketEventV2,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
  APIGatewayEventRequestContextWithAuthorizer,
  APIGatewayEventIdentity,
  APIGatewayEventClientCertificate,
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayProxyEventV2WithJWTAuthorizer,
} from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import type { EventGeneration } from '../eventGeneration';
import {
  HTTP_REQUEST,
  lowerCaseKeys,
  multiValue,
  queryMaps,
  requestHeaders,
  traceId,
  type FrontEnd,
} from '../httpRequest';
import { LOCATION, param } from '../parameters';

const API = {
  ...LOCATION,
  api: param('resourceName', 'API id', '1234567890'),
  stage: param('resourceName', 'stage name', 'prod'),
};
const REST = {
  ...API,
  resource: param('text', 'resource path template', '/{proxy+}'),
  ...HTTP_REQUEST,
};
const STAGE_VARIABLES = param(
  'jsonObject',
  'stage variables, a JSON object of strings ({} for none)',
  '{"environment":"test"}',
);
/** The mutual-TLS switch, defaulting to what each event is most often tested for. */
function mtls(defaultValue: 'on' | 'off') {
  return param(
    'choice',
    'on: the custom domain requires mutual TLS (the client certificate is in the event); off: it does not',
    defaultValue,
    ['on', 'off'],
  );
}
/** A REST API's own parameters beside the request: stage variables, mutual TLS and the API key. */
function restSetup(defaults: { mtls: 'on' | 'off'; apiKey: string }) {
  return {
    endpointType: param(
      'choice',
      'edge: an edge-optimized API (the default for REST APIs; the request comes through CloudFront, with its headers); regional: it does not',
      'edge',
      ['edge', 'regional'],
    ),
    stageVariables: STAGE_VARIABLES,
    mtls: mtls(defaults.mtls),
    apiKey: param(
      'text',
      'the API key the client sent in x-api-key (empty: the method requires none)',
      defaults.apiKey,
    ),
  };
}

const IDENTITY: APIGatewayEventIdentity = {
  accessKey: null,
  accountId: null,
  apiKey: null,
  apiKeyId: null,
  caller: null,
  clientCert: null,
  cognitoAuthenticationProvider: null,
  cognitoAuthenticationType: null,
  cognitoIdentityId: null,
  cognitoIdentityPoolId: null,
  principalOrgId: null,
  sourceIp: '127.0.0.1',
  user: null,
  userAgent: 'curl/8.5.0',
  userArn: null,
};

/**
 * API Gateway's request, message and connection ids: 16 characters, the last '=' (the base64 of
 * 11 bytes; captured: "R1knPH17NjMFftw=").
 */
function gatewayId(g: EventGeneration): string {
  return `${g.alphanumeric(15)}=`;
}

function host(v: { api: string; region: string }): string {
  return `${v.api}.execute-api.${v.region}.amazonaws.com`;
}

function methodArn(
  v: { api: string; stage: string; method: string; path: string },
  g: EventGeneration,
): string {
  return g.arn('execute-api', `${v.api}/${v.stage}/${v.method}${v.path}`);
}

function restContext<A>(
  v: {
    account: string;
    api: string;
    stage: string;
    method: string;
    path: string;
    resource: string;
    region: string;
  },
  g: EventGeneration,
  authorizer: A,
  identity: APIGatewayEventIdentity = IDENTITY,
): APIGatewayEventRequestContextWithAuthorizer<A> {
  return {
    accountId: v.account,
    apiId: v.api,
    authorizer,
    domainName: host(v),
    domainPrefix: v.api,
    extendedRequestId: gatewayId(g),
    httpMethod: v.method,
    identity,
    path: `/${v.stage}${v.path}`,
    protocol: 'HTTP/1.1',
    requestId: g.uuid(),
    requestTime: g.apiGatewayTime(),
    requestTimeEpoch: g.epochMillis(),
    resourceId: g.alphanumeric(6).toLowerCase(),
    resourcePath: v.resource,
    stage: v.stage,
  };
}

/**
 * The caller as a REST API sees it: the API key once the method requires one (its id only after
 * API Gateway has looked the key up, so not yet for an authorizer), the client certificate on a
 * mutual-TLS domain.
 */
function restIdentity(
  v: { mtls: string; apiKey: string },
  g: EventGeneration,
  keyLookedUp: boolean,
): APIGatewayEventIdentity {
  return {
    ...IDENTITY,
    ...(v.apiKey ? { apiKey: v.apiKey, apiKeyId: keyLookedUp ? g.alphanumeric(10) : null } : {}),
    ...(v.mtls === 'on' ? { clientCert: clientCertificate(g) } : {}),
  };
}

/**
 * A REST API passes header names as the client wrote them; an edge-optimized one receives the
 * request through CloudFront, which adds its viewer headers, its id and itself to the forwarding.
 */
function restFrontEnd(v: { endpointType: string }, g: EventGeneration): FrontEnd {
  if (v.endpointType !== 'edge') return { titleCase: true };
  return {
    titleCase: true,
    added: {
      'CloudFront-Forwarded-Proto': 'https',
      'CloudFront-Is-Desktop-Viewer': 'true',
      'CloudFront-Is-Mobile-Viewer': 'false',
      'CloudFront-Is-SmartTV-Viewer': 'false',
      'CloudFront-Is-Tablet-Viewer': 'false',
      'CloudFront-Viewer-Country': 'US',
      Via: `2.0 ${g.hex(32)}.cloudfront.net (CloudFront)`,
      'X-Amz-Cf-Id': `${g.randomBase64(40).slice(0, -2).replace(/\+/g, '-').replace(/\//g, '_')}==`,
      // The client's address, then the CloudFront edge's (an address of CloudFront's range).
      'X-Forwarded-For': '127.0.0.1, 130.176.91.17',
    },
  };
}

/** The request's headers with the x-api-key header that carried the key, unless given already. */
function withApiKeyHeader(headers: Record<string, string>, apiKey: string): Record<string, string> {
  const given = Object.keys(headers).some((k) => k.toLowerCase() === 'x-api-key');
  return apiKey && !given ? { ...headers, 'x-api-key': apiKey } : headers;
}

/** Stage variables are strings in AWS; a number or true given here is passed as its text. */
function stageVariablesOf(json: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(JSON.parse(json) as Record<string, unknown>).map(([k, x]) => [
      k,
      typeof x === 'string' ? x : JSON.stringify(x),
    ]),
  );
}

/** `{proxy+}` matches the whole path; other templates are taken literally. */
function pathParameters(resource: string, path: string): Record<string, string> | null {
  const greedy = /\{(\w+)\+\}/.exec(resource);
  return greedy ? { [greedy[1]!]: path.replace(/^\//, '') } : null;
}

/**
 * What API Gateway sends a WebSocket route, beyond @types/aws-lambda: the caller, and on $connect
 * the upgrade request's headers.
 */
type WebsocketEvent<E extends WebsocketRoute> = Omit<
  APIGatewayProxyWebsocketEventV2,
  'requestContext'
> & {
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  requestContext: Omit<APIGatewayProxyWebsocketEventV2['requestContext'], 'messageId'> &
    MessageId<E> & {
      disconnectStatusCode?: number;
      disconnectReason?: string;
      identity: { sourceIp: string; userAgent?: string };
    };
};
type WebsocketRoute = 'connect' | 'message' | 'disconnect';
type MessageId<E extends WebsocketRoute> = E extends 'message'
  ? { messageId: string }
  : E extends 'connect'
    ? { messageId: null }
    : { messageId?: never };

/**
 * "$context.messageId: available only when the $context.eventType is MESSAGE" (WebSocket mapping
 * reference). Captured events: a $connect has "messageId": null, a $disconnect none.
 */
function messageIdOf<E extends WebsocketRoute>(event: E, g: EventGeneration): MessageId<E> {
  if (event === 'message') return { messageId: gatewayId(g) } as MessageId<E>;
  return (event === 'connect' ? { messageId: null } : {}) as MessageId<E>;
}

/** The upgrade request a WebSocket client opens the connection with, then the user's headers. */
function upgradeHeaders(host: string, extra: string, g: EventGeneration): Record<string, string> {
  return {
    Host: host,
    'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
    'Sec-WebSocket-Key': g.randomBase64(16),
    'Sec-WebSocket-Version': '13',
    'X-Amzn-Trace-Id': traceId(g),
    'X-Forwarded-For': '127.0.0.1',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...(JSON.parse(extra) as Record<string, string>),
  };
}

const EVENT_TYPES = { connect: 'CONNECT', message: 'MESSAGE', disconnect: 'DISCONNECT' } as const;

function websocket<E extends WebsocketRoute>(event: E) {
  const routeKey = `$${event === 'message' ? 'default' : event}`;
  return defineEvent({
    service: 'apigateway',
    event: `websocket-${event}`,
    description: `WebSocket API ${routeKey} route`,
    parameters: {
      ...API,
      connection: param('text', 'connection id', 'ZR4nGcWioAMCJfA='),
      ...(event === 'message'
        ? { body: param('text', 'message body', '{"action":"sendmessage","data":"hello"}') }
        : {}),
      ...(event === 'connect'
        ? {
            query: param(
              'query',
              'query string of the wss:// URL, without the leading ?',
              'token=abc123',
            ),
            headers: param(
              'headers',
              'extra headers of the upgrade request as a JSON object',
              '{}',
            ),
          }
        : {}),
    },
    build: (v, g): WebsocketEvent<E> => {
      // "$context.requestId: same as $context.extendedRequestId" (WebSocket mapping reference).
      const requestId = gatewayId(g);
      const context: Omit<WebsocketEvent<'disconnect'>['requestContext'], 'messageId'> = {
        routeKey,
        eventType: EVENT_TYPES[event],
        extendedRequestId: requestId,
        requestTime: g.apiGatewayTime(),
        messageDirection: 'IN',
        // A browser closing its tab: 1001, "going away", with no reason given.
        ...(event === 'disconnect' ? { disconnectStatusCode: 1001, disconnectReason: '' } : {}),
        stage: v.stage,
        connectedAt: g.epochMillis(-60_000),
        requestTimeEpoch: g.epochMillis(),
        requestId,
        domainName: host(v),
        connectionId: v.connection,
        apiId: v.api,
        identity: {
          sourceIp: '127.0.0.1',
          ...(event === 'connect' ? { userAgent: 'curl/8.5.0' } : {}),
        },
      };
      return {
        ...('headers' in v && v.headers !== undefined
          ? upgrade({ ...v, headers: v.headers }, g)
          : {}),
        requestContext: { ...context, ...messageIdOf(event, g) },
        isBase64Encoded: false,
        ...('body' in v && typeof v.body === 'string' ? { body: v.body } : {}),
      };
    },
  });
}

/** The $connect event's request: the upgrade headers and the URL's query, if it has one. */
function upgrade(
  v: { api: string; region: string; headers: string; query?: string },
  g: EventGeneration,
): Pick<
  WebsocketEvent<'connect'>,
  'headers' | 'multiValueHeaders' | 'queryStringParameters' | 'multiValueQueryStringParameters'
> {
  const headers = upgradeHeaders(host(v), v.headers, g);
  const query = queryMaps(v.query ?? '');
  return {
    headers,
    multiValueHeaders: multiValue(headers),
    ...(v.query
      ? { queryStringParameters: query.single, multiValueQueryStringParameters: query.multi }
      : {}),
  };
}

export const APIGATEWAY_EVENTS = [
  defineEvent({
    service: 'apigateway',
    event: 'aws-proxy',
    description: 'REST API Lambda proxy integration (payload 1.0)',
    parameters: { ...REST, ...restSetup({ mtls: 'off', apiKey: '' }) },
    build: (v, g): APIGatewayProxyEvent => {
      const query = queryMaps(v.query);
      const headers = withApiKeyHeader(
        requestHeaders(host(v), v.headers, v.body, g, restFrontEnd(v, g)),
        v.apiKey,
      );
      const stageVariables = stageVariablesOf(v.stageVariables);
      return {
        body: v.body || null,
        headers,
        multiValueHeaders: multiValue(headers),
        httpMethod: v.method,
        isBase64Encoded: false,
        path: v.path,
        pathParameters: pathParameters(v.resource, v.path),
        queryStringParameters: v.query ? query.single : null,
        multiValueQueryStringParameters: v.query ? query.multi : null,
        // A stage without variables gives null, as AWS sends it.
        stageVariables: Object.keys(stageVariables).length > 0 ? stageVariables : null,
        requestContext: restContext(v, g, null, restIdentity(v, g, true)),
        resource: v.resource,
      };
    },
  }),
  defineEvent({
    service: 'apigateway',
    event: 'http-api-proxy',
    description:
      'HTTP API Lambda integration (payload 2.0), through a JWT authorizer and a mutual-TLS domain',
    parameters: {
      ...API,
      stage: param('text', 'stage name', '$default'),
      ...HTTP_REQUEST,
      route: param('text', 'route key', 'ANY /{proxy+}'),
      cookies: param(
        'text',
        'the Cookie header, as the client sends it (HTTP APIs pass it as the cookies list)',
        'session=abc123; theme=dark',
      ),
      stageVariables: STAGE_VARIABLES,
      authorizer: param(
        'choice',
        'jwt: the route has a JWT authorizer (its claims and scopes are in the event); none: it has none',
        'jwt',
        ['jwt', 'none'],
      ),
      mtls: mtls('on'),
    },
    build: (v, g): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer => {
      const event = httpApiEvent(v, g, host(v), v.route);
      const stageVariables = stageVariablesOf(v.stageVariables);
      return {
        ...event,
        ...(Object.keys(stageVariables).length > 0 ? { stageVariables } : {}),
        requestContext: {
          ...event.requestContext,
          ...(v.mtls === 'on' ? { authentication: { clientCert: clientCertificate(g) } } : {}),
          ...(v.authorizer === 'jwt' ? { authorizer: { jwt: jwtAuthorizer(v, g) } } : {}),
        },
      };
    },
  }),
  defineEvent({
    service: 'apigateway',
    event: 'authorizer',
    description: 'REST API TOKEN authorizer',
    parameters: {
      ...API,
      method: HTTP_REQUEST.method,
      path: HTTP_REQUEST.path,
      token: param('text', 'the Authorization header value', 'Bearer allow'),
    },
    build: (v, g): APIGatewayTokenAuthorizerEvent => ({
      type: 'TOKEN',
      methodArn: methodArn(v, g),
      authorizationToken: v.token,
    }),
  }),
  defineEvent({
    service: 'apigateway',
    event: 'request-authorizer',
    description:
      'REST API REQUEST authorizer, on a mutual-TLS domain, for a method that requires an API key',
    parameters: {
      ...API,
      resource: REST.resource,
      method: HTTP_REQUEST.method,
      path: HTTP_REQUEST.path,
      query: HTTP_REQUEST.query,
      headers: param('headers', 'request headers as a JSON object', '{"Authorization":"allow"}'),
      ...restSetup({ mtls: 'on', apiKey: 'sample-api-key-0123456789abcdef' }),
    },
    build: (v, g): APIGatewayRequestAuthorizerEvent => {
      const query = queryMaps(v.query);
      const headers = withApiKeyHeader(
        requestHeaders(host(v), v.headers, '', g, restFrontEnd(v, g)),
        v.apiKey,
      );
      return {
        type: 'REQUEST',
        methodArn: methodArn(v, g),
        resource: v.resource,
        path: v.path,
        httpMethod: v.method,
        headers,
        multiValueHeaders: multiValue(headers),
        // An authorizer gets {} where the proxy integration gets null (captured from API Gateway).
        pathParameters: pathParameters(v.resource, v.path) ?? {},
        queryStringParameters: query.single,
        multiValueQueryStringParameters: query.multi,
        stageVariables: stageVariablesOf(v.stageVariables),
        requestContext: restContext(v, g, undefined, restIdentity(v, g, false)),
      };
    },
  }),
  websocket('connect'),
  websocket('message'),
  websocket('disconnect'),
] as const;

/** What a mutual-TLS domain passes of the client's certificate (values of a test certificate). */
function clientCertificate(g: EventGeneration): APIGatewayEventClientCertificate {
  return {
    clientCertPem: '-----BEGIN CERTIFICATE-----\nMIIEZTCCAk0CAQEwDQ...\n-----END CERTIFICATE-----',
    subjectDN: 'CN=client.example.com',
    issuerDN: 'CN=Example Test CA',
    serialNumber: g.hex(16).replace(/(..)(?!$)/g, '$1:'),
    validity: { notBefore: 'Jan  1 00:00:00 2026 GMT', notAfter: 'Jan  1 00:00:00 2027 GMT' },
  };
}

/** The claims of a Cognito access token and the route's scopes, as a JWT authorizer passes them (claims as strings). */
function jwtAuthorizer(
  v: { region: string },
  g: EventGeneration,
): APIGatewayEventRequestContextJWTAuthorizer['jwt'] {
  const issued = g.epochSeconds() - 60;
  return {
    claims: {
      sub: g.uuid(),
      iss: `https://cognito-idp.${v.region}.amazonaws.com/${v.region}_${g.alphanumeric(9)}`,
      client_id: g.alphanumeric(26).toLowerCase(),
      token_use: 'access',
      scope: 'openid profile',
      auth_time: String(issued),
      iat: String(issued),
      exp: String(issued + 3600),
      username: 'jdoe',
    },
    scopes: ['openid', 'profile'],
  };
}

/** The Cookie header as HTTP API passes it: one entry a cookie, the header itself left out. */
function cookieList(header: string): string[] {
  return header
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** Payload format 2.0, shared by HTTP APIs and Lambda Function URLs. */
export function httpApiEvent(
  v: {
    account: string;
    api: string;
    stage: string;
    method: string;
    path: string;
    query: string;
    headers: string;
    body: string;
    cookies?: string;
  },
  g: EventGeneration,
  domainName: string,
  routeKey: string,
): APIGatewayProxyEventV2 {
  const query = queryMaps(v.query);
  const headers = lowerCaseKeys(requestHeaders(domainName, v.headers, v.body, g));
  const params = pathParameters(routeKey, v.path);
  return {
    version: '2.0',
    routeKey,
    rawPath: v.path,
    rawQueryString: v.query,
    ...(v.cookies ? { cookies: cookieList(v.cookies) } : {}),
    headers,
    ...(v.query
      ? {
          queryStringParameters: Object.fromEntries(
            Object.entries(query.multi).map(([k, vs]) => [k, vs.join(',')]),
          ),
        }
      : {}),
    ...(params ? { pathParameters: params } : {}),
    requestContext: {
      accountId: v.account,
      apiId: v.api,
      domainName,
      domainPrefix: domainName.split('.')[0]!,
      http: {
        method: v.method,
        path: v.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `${g.alphanumeric(14)}=`,
      routeKey,
      stage: v.stage,
      time: g.apiGatewayTime(),
      timeEpoch: g.epochMillis(),
    },
    ...(v.body ? { body: v.body } : {}),
    isBase64Encoded: false,
  };
}
