// The loopback HTTP server of `start-api`: one port for every route of the template, as API
// Gateway would answer them. The Host check (DNS rebinding) is the Function URLs' own; a request
// is matched to its route, turned into the payload 1.0 or 2.0 event, and sent as an Invoke to
// the functions' endpoint (the local endpoint, or any Lambda-compatible one) through the SDK; the
// result is mapped back as API Gateway maps it. A request that arrives while its function's code
// is being redeployed waits for the new code.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiRoute, RestCors } from '../../core/deploy/samApiRoutes';
import { isBinaryType } from '../../core/http/binaryMediaTypes';
import {
  isPreflight,
  preflightHeaders,
  responseCorsHeaders,
  withoutCorsHeaders,
} from '../../core/http/cors';
import { payloadV1Event } from '../../core/http/payloadV1Event';
import { integrationErrorAnswer, payloadV1Response } from '../../core/http/payloadV1Response';
import { payloadV2Event, type RawHttpRequest } from '../../core/http/payloadV2Event';
import { payloadV2Result, type HttpAnswer } from '../../core/http/payloadV2Response';
import { RouteTable } from '../../core/http/routeMatching';
import { SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';
import type { RawInvokeResult } from '../../core/invoke/invokeResult';
import { isUrlHost } from '../../local/furl/urlRequest';
import {
  answerBeforeBody,
  originForm,
  readBody,
  send,
  sourceIpOf,
} from '../../local/http/httpAnswer';
import { requestTraceId } from '../../local/http/traceIds';

export interface ApiServerOptions {
  readonly routes: readonly ApiRoute[];
  /** Runs the function's $LATEST with the event (its log tail in logResult). */
  readonly invoke: (functionName: string, payload: Buffer) => Promise<RawInvokeResult>;
  readonly port: number;
  /** The account the events name (requestContext.accountId). */
  readonly accountId: string;
  /** Resolves once the function's newest code is live (no redeploy pending). */
  readonly codeReady: (functionName: string) => Promise<void>;
  /** One line per request, and the functions' log tails. */
  readonly log: (line: string) => void;
  readonly clock?: () => number;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const json = (status: number, body: string): HttpAnswer => ({
  status,
  headers: [['content-type', 'application/json']],
  body: Buffer.from(body),
});
const FORBIDDEN = json(403, '{"message":"Forbidden"}');
const TOO_LARGE = json(413, '{"message":"Request Too Long"}');

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const table = new RouteTable(options.routes);
  // A REST API answers an unknown route 403 "Missing Authentication Token", an HTTP API 404; when
  // the port serves both kinds, the REST answer is given (it is the one a REST client expects).
  const noRoute = options.routes.some((r) => r.api === 'REST')
    ? {
        ...json(403, '{"message":"Missing Authentication Token"}'),
        headers: [
          ['content-type', 'application/json'],
          ['x-amzn-errortype', 'MissingAuthenticationTokenException'],
        ] as [string, string][],
      }
    : json(404, '{"message":"Not Found"}');
  let port = options.port;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log(
        `${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`,
      );
      send(res, integrationErrorAnswer('HTTP'));
    });
  });
  // A request the HTTP parser refuses gets a 400 and the connection closes; the server goes on.
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    if (!isUrlHost(req.headers.host, port)) return answerBeforeBody(req, res, FORBIDDEN);
    const method = req.method ?? 'GET';
    const target = originForm(req.url ?? '/');
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    if (isPreflight(method, req.headers)) {
      // An HTTP API with a CorsConfiguration answers preflights itself, without the function.
      const requested = headerOf(req, 'access-control-request-method') ?? '';
      const cors = table.match(requested, path)?.route.cors;
      if (cors)
        return answerBeforeBody(req, res, {
          status: 204,
          headers: Object.entries(preflightHeaders(cors, req.headers)),
          body: Buffer.alloc(0),
        });
    }
    const match = table.match(method, path);
    if (method === 'OPTIONS' && match?.route.method !== 'OPTIONS') {
      // A REST API with SAM's Cors has an OPTIONS method on each path, answered without the function.
      const restCors = table.match(undefined, path)?.route.restCors;
      if (restCors)
        return answerBeforeBody(req, res, {
          status: 200,
          headers: restCorsHeaders(restCors, path),
          body: Buffer.from('{}'),
        });
    }
    if (!match) return answerBeforeBody(req, res, noRoute);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > SYNC_PAYLOAD_MAX_BYTES) return answerBeforeBody(req, res, TOO_LARGE, true);
    const body = await readBody(req, SYNC_PAYLOAD_MAX_BYTES);
    if (body === 'aborted') return;
    if (body === 'too large') return send(res, TOO_LARGE, true);
    const { route, pathParameters } = match;
    const requestId = randomUUID();
    const now = new Date((options.clock ?? Date.now)());
    const raw: RawHttpRequest = {
      method,
      target,
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: sourceIpOf(req),
      protocol: `HTTP/${req.httpVersion}`,
    };
    const routeKey = route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
    const forwarded = { port, proto: 'http' as const, traceId: requestTraceId(now.getTime()) };
    const event =
      route.payloadVersion === '1.0'
        ? payloadV1Event(raw, {
            api: route.api,
            apiId: route.apiId,
            stage: route.stage,
            resource: route.path === '$default' ? '$default' : route.path,
            pathParameters,
            routeKey,
            accountId: options.accountId,
            requestId,
            domainName: req.headers.host!,
            now,
            forwarded,
            binaryBody: (type) => isBinaryType(route.binaryMediaTypes, type),
          })
        : payloadV2Event(raw, {
            urlId: route.apiId,
            domainName: req.headers.host!,
            accountId: options.accountId,
            requestId,
            now,
            forwarded,
            route: { routeKey, stage: route.stage, pathParameters },
          });
    const payload = Buffer.from(JSON.stringify(event));
    if (payload.length > SYNC_PAYLOAD_MAX_BYTES) return send(res, TOO_LARGE);
    await options.codeReady(route.functionName);
    let answer: HttpAnswer;
    let logTail: string | undefined;
    try {
      const result = await options.invoke(route.functionName, payload);
      logTail = result.logResult;
      const resultBytes = result.payload ?? new Uint8Array();
      const failed = result.functionError !== undefined;
      answer =
        route.payloadVersion === '1.0'
          ? payloadV1Response(
              resultBytes,
              failed,
              route.api,
              route.api === 'HTTP' || isBinaryType(route.binaryMediaTypes, headerOf(req, 'accept')),
            )
          : ((failed ? undefined : payloadV2Result(resultBytes)) ?? integrationErrorAnswer('HTTP'));
    } catch (error) {
      options.log(
        `${route.functionName}: the invoke failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
      answer = integrationErrorAnswer(route.api);
    }
    if (route.cors) {
      // The configuration's CORS headers replace the function's, as API Gateway does.
      answer = {
        ...answer,
        headers: [
          ...withoutCorsHeaders(answer.headers),
          ...Object.entries(responseCorsHeaders(route.cors, req.headers)),
        ],
      };
    }
    send(res, {
      ...answer,
      headers: [
        ...answer.headers,
        [route.api === 'REST' ? 'x-amzn-requestid' : 'apigw-requestid', requestId],
      ],
    });
    // Once the answer is on its way: the function's log tail and the request's line, in one write.
    const line = `${method} ${target} → ${answer.status} ${route.functionName} (${(performance.now() - started).toFixed(1)} ms)`;
    options.log(
      logTail ? `${Buffer.from(logTail, 'base64').toString('utf8').trimEnd()}\n${line}` : line,
    );
  }

  /** The headers of SAM's OPTIONS method; without AllowMethods, the path's own methods and OPTIONS. */
  function restCorsHeaders(cors: RestCors, path: string): [string, string][] {
    const methods = new Set<string>(['OPTIONS']);
    for (const method of ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'])
      if (table.match(method, path)?.route.api === 'REST') methods.add(method);
    return [
      ['content-type', 'application/json'],
      ['access-control-allow-origin', cors.allowOrigin],
      ['access-control-allow-methods', cors.allowMethods ?? [...methods].sort().join(',')],
      ...(cors.allowHeaders
        ? [['access-control-allow-headers', cors.allowHeaders] as [string, string]]
        : []),
      ...(cors.maxAge ? [['access-control-max-age', cors.maxAge] as [string, string]] : []),
      ...(cors.allowCredentials
        ? [['access-control-allow-credentials', 'true'] as [string, string]]
        : []),
    ];
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
