// The embedded local endpoint: one loopback HTTP server that speaks Lambda's REST-JSON API and
// CloudWatch Logs' JSON 1.1 API, so the AWS SDK and the AWS CLI work against it unchanged.
// Every request must come with a loopback Host header and a valid SigV4 signature made with the
// credentials generated for this home (a web page in a browser can provide neither). What the
// headers alone can refuse is refused before the body is read, and bodies whose signature is not
// verified yet share a bounded budget of memory.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApiError, problem, type ApiProblem } from '../core/apiProblem';
import { REQUEST_BODY_MAX_BYTES, SYNC_PAYLOAD_MAX_BYTES } from '../core/limits';
import {
  acquireHomeLock,
  ensureHome,
  loadOrCreateCredentials,
  recordUrlInLock,
  type HomeLock,
  type LocalCredentials,
} from './home';
import { isLoopbackHost } from './http/hostCheck';
import { isStreamedBody, type Exchange, type Reply, type StreamedBody } from './http/exchange';
import {
  DEFAULT_UNVERIFIED_BODY_LIMITS,
  UnverifiedBodyBudget,
  type UnverifiedBodyLimits,
} from './http/bodyBudget';
import { CODE_PATH, CodeLinks, invalidLink } from './http/codeLinks';
import { checkAuthorization, parseQuery, verifySignedRequest } from './http/sigv4';
import type { Invoker, LambdaContext } from './lambda/context';
import { isInvokePath, operationOf, routeLambda } from './lambda/router';
import { isLogsRequest, logsOperationOf, routeLogs } from './logs/logsApi';
import { UrlServers } from './furl/urlServers';
import { removeStaleTempFiles } from './store/atomicFile';
import { CodeStore } from './store/codeStore';
import { FunctionStore } from './store/functionStore';
import { LogStore } from './store/logStore';
import { Trash, TRASH_FOLDER } from './store/trash';
import { untilDrained } from './streams/untilDrained';

export const LOCAL_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

export interface LocalEndpointOptions {
  readonly home: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly logRetentionDays?: number;
  readonly log?: (message: string) => void;
  /** Runs invocations; given by the runtime layer. */
  readonly createInvoker?: (stores: {
    functions: FunctionStore;
    code: CodeStore;
    logs: LogStore;
    home: string;
    trash: Trash;
    account: string;
    log: (message: string) => void;
  }) => Invoker;
  /** Milliseconds since the epoch, for signature skew and code link expiry (tests move it). */
  readonly clock?: () => number;
  /** How much body requests not verified yet may hold at once (tests make it small). */
  readonly unverifiedBodies?: Partial<UnverifiedBodyLimits>;
  /** How long a Live Tail session may last (3 hours, as on AWS; tests shorten it). */
  readonly liveTailMaxMs?: number;
  /** Events a Live Tail session holds for a slow reader before it drops the oldest (tests make it small). */
  readonly liveTailBacklogEvents?: number;
}

export interface LocalEndpoint {
  readonly url: string;
  readonly port: number;
  readonly home: string;
  readonly region: string;
  readonly credentials: LocalCredentials;
  /**
   * Invokes a function's $LATEST in this process as an Invoke with LogType Tail would, without
   * HTTP or a signature: for a command that hosts the endpoint and calls functions per request
   * (`start-api`). `payload` is JSON the caller serialized itself (an event it built): it is not
   * parsed again to check it. Throws ApiError as the Invoke operation answers.
   */
  invokeInProcess(region: string, functionName: string, payload: Buffer): Promise<Reply>;
  close(): Promise<void>;
}

/** An invoker for when no runtime layer is given: says so instead of pretending. */
const noInvoker: Invoker = {
  invoke: async () => {
    throw new ApiError(
      problem('ServiceException', 'This endpoint was started without execution environments.', 500),
    );
  },
  invokeStreaming: async () => {
    throw new ApiError(
      problem('ServiceException', 'This endpoint was started without execution environments.', 500),
    );
  },
  retire: () => {},
  codeInUse: () => new Set(),
  removeUnusedCode: () => {},
  close: async () => {},
};

export async function startLocalEndpoint(options: LocalEndpointOptions): Promise<LocalEndpoint> {
  const log = options.log ?? (() => {});
  ensureHome(options.home);
  const lock: HomeLock = acquireHomeLock(options.home);
  let server: Server | undefined;
  let urls: UrlServers | undefined;
  let trash: Trash | undefined;
  try {
    // Left by a holder killed mid-write (credentials, lock); only the lock holder writes them.
    removeStaleTempFiles(options.home);
    const credentials = loadOrCreateCredentials(options.home);
    const regionsDir = join(options.home, 'regions');
    const functions = new FunctionStore(regionsDir, log);
    const code = new CodeStore(join(options.home, 'code'));
    trash = new Trash(join(options.home, TRASH_FOLDER), { log });
    const logs = new LogStore(regionsDir, options.logRetentionDays ?? 30, log, trash.discard);
    const invoker =
      options.createInvoker?.({
        functions,
        code,
        logs,
        home: options.home,
        trash,
        account: LOCAL_ACCOUNT_ID,
        log,
      }) ?? noInvoker;
    let baseUrl = '';
    const clock = options.clock ?? Date.now;
    const codeLinks = new CodeLinks(credentials.secretAccessKey, clock);
    const unverifiedBodies = new UnverifiedBodyBudget({
      ...DEFAULT_UNVERIFIED_BODY_LIMITS,
      ...options.unverifiedBodies,
    });
    urls = new UrlServers(functions, {
      invoker,
      credentials,
      account: LOCAL_ACCOUNT_ID,
      clock,
      log,
    });
    const lambda: LambdaContext = {
      account: LOCAL_ACCOUNT_ID,
      functions,
      code,
      logs,
      invoker,
      urls,
      codeLocation: (sha) => codeLinks.url(baseUrl, sha),
    };

    server = createServer((req, res) => {
      const logsRequest = isLogsRequest(req.headers);
      // Whatever a request makes fail becomes its own 500, never the process's end.
      handle(req, res, logsRequest).catch((error: unknown) => {
        log(`Unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
        try {
          if (res.headersSent) throw new Error('answered already');
          // In the protocol the client speaks, so that its SDK raises the service's own exception.
          const type = logsRequest ? 'ServiceUnavailableException' : 'ServiceException';
          send(
            res,
            errorReply(
              problem(type, 'The local endpoint failed on this request; see its log.', 500),
              logsRequest,
            ),
          );
        } catch {
          res.destroy();
        }
      });
    });
    server.keepAliveTimeout = 60_000;

    async function handle(
      req: IncomingMessage,
      res: ServerResponse,
      logsRequest: boolean,
    ): Promise<void> {
      const url = req.url ?? '/';
      if (!isLoopbackHost(req.headers.host)) {
        return answerBeforeBody(
          req,
          res,
          errorReply(
            problem(
              'AccessDeniedException',
              'The local endpoint accepts only loopback host names (127.0.0.1, localhost, [::1]).',
              403,
            ),
            false,
          ),
        );
      }
      const queryAt = url.indexOf('?');
      const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
      const query = parseQuery(queryAt < 0 ? '' : url.slice(queryAt + 1));
      if (req.method === 'GET' && rawPath.startsWith(CODE_PATH))
        return serveCode(rawPath.slice(CODE_PATH.length), query, res);
      const segments = rawPath.split('/').slice(1).map(safeDecode);
      const limit =
        !logsRequest && isInvokePath(segments) ? SYNC_PAYLOAD_MAX_BYTES : REQUEST_BODY_MAX_BYTES;
      const tooLarge = () => {
        const operation = logsRequest
          ? logsOperationOf(req.headers)
          : (operationOf(req.method ?? 'GET', segments) ?? 'request');
        const type = isInvokePath(segments)
          ? 'RequestTooLargeException'
          : 'RequestEntityTooLargeException';
        send(
          res,
          errorReply(
            problem(
              type,
              `Request must be smaller than ${limit} bytes for the ${operation} operation`,
              413,
            ),
            logsRequest,
          ),
          true,
        );
      };
      const declared = declaredLength(req.headers);
      if (declared !== undefined && declared > limit) {
        req.resume();
        return tooLarge();
      }

      // Whatever the headers alone can refuse is refused before any of the body is read.
      const claims = checkAuthorization(req.headers, credentials, new Date(clock()));
      if ('type' in claims) return answerBeforeBody(req, res, errorReply(claims, logsRequest));
      const expectedService = logsRequest ? 'logs' : 'lambda';
      if (claims.service !== expectedService) {
        return answerBeforeBody(
          req,
          res,
          errorReply(
            problem(
              'InvalidSignatureException',
              `Credential should be scoped to correct service: '${expectedService}'.`,
              403,
            ),
            logsRequest,
          ),
        );
      }

      // A body of unknown length may be as large as the operation allows.
      const release = await unverifiedBodies.reserve(declared ?? limit);
      if (!release) return answerBeforeBody(req, res, throttledReply(logsRequest));
      let body: Buffer | 'too large' | 'aborted';
      let verified: Awaited<ReturnType<typeof verifySignedRequest>>;
      try {
        body = await readBody(req, limit, declared);
        if (body === 'aborted') return;
        if (body === 'too large') return tooLarge();
        verified = await verifySignedRequest(
          { method: req.method ?? 'GET', rawPath, query, headers: req.headers, body },
          claims,
          credentials,
        );
      } finally {
        release();
      }
      if ('type' in verified) return send(res, errorReply(verified, logsRequest));
      let gone: AbortSignal | undefined;
      const exchange: Exchange = {
        method: req.method ?? 'GET',
        segments,
        query,
        headers: req.headers,
        body,
        region: verified.region,
        get signal() {
          return (gone ??= callerGone(res));
        },
      };
      try {
        const reply = logsRequest
          ? routeLogs(
              {
                account: LOCAL_ACCOUNT_ID,
                logs,
                ...(options.liveTailMaxMs ? { liveTailMaxMs: options.liveTailMaxMs } : {}),
                ...(options.liveTailBacklogEvents
                  ? { liveTailBacklogEvents: options.liveTailBacklogEvents }
                  : {}),
              },
              exchange,
            )
          : await routeLambda(lambda, exchange);
        send(
          res,
          logsRequest
            ? {
                ...reply,
                headers: { 'content-type': 'application/x-amz-json-1.1', ...reply.headers },
              }
            : reply,
        );
      } catch (error) {
        if (error instanceof ApiError) return send(res, errorReply(error.problem, logsRequest));
        throw error;
      }
    }

    function serveCode(
      hex: string,
      query: Record<string, string | string[]>,
      res: ServerResponse,
    ): void {
      const link = codeLinks.check(hex, query);
      if (!('sha' in link)) return send(res, link);
      if (!code.has(link.sha)) return send(res, invalidLink());
      send(res, {
        status: 200,
        headers: { 'content-type': 'application/zip' },
        body: code.read(link.sha),
      });
    }

    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    recordUrlInLock(options.home, baseUrl);
    await urls.restore();
    const running = server;
    const urlServers = urls;
    return {
      url: baseUrl,
      port,
      home: options.home,
      region: DEFAULT_REGION,
      credentials,
      async invokeInProcess(region, functionName, payload) {
        const record = functions.get(region, functionName);
        if (!record)
          throw new ApiError(
            problem(
              'ResourceNotFoundException',
              `Function not found: arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
              404,
            ),
          );
        return invoker.invoke(
          {
            method: 'POST',
            segments: [],
            query: {},
            headers: { 'x-amz-log-type': 'Tail' },
            body: payload,
            region,
          },
          record,
          undefined,
          { payloadIsJson: true },
        );
      },
      async close() {
        await urlServers.closeAll();
        await invoker.close();
        logs.close();
        trash?.close();
        await new Promise<void>((resolve) => {
          running.close(() => resolve());
          running.closeAllConnections();
        });
        lock.release();
      },
    };
  } catch (error) {
    server?.close();
    await urls?.closeAll();
    trash?.close();
    lock.release();
    throw error;
  }
}

/**
 * Aborted when the caller goes away before its answer; made on first use (a debug invocation's),
 * so that other requests pay nothing for it.
 */
function callerGone(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  if (res.closed) gone.abort();
  else
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
  return gone.signal;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Content-Length, 0 for a request with no body, undefined for a chunked one (length unknown). */
function declaredLength(headers: IncomingHttpHeaders): number | undefined {
  if (headers['content-length'] !== undefined) return Number(headers['content-length']);
  return headers['transfer-encoding'] === undefined ? 0 : undefined;
}

/**
 * The body; 'too large' past `limit` (the rest is dropped unread); 'aborted' when the client went
 * away. A declared length is read into one buffer of that size, so the body is held once, not twice.
 */
function readBody(
  req: IncomingMessage,
  limit: number,
  declared: number | undefined,
): Promise<Buffer | 'too large' | 'aborted'> {
  // Gone while it waited for room: its 'close' has passed, so waiting for it would never end.
  if (req.destroyed) return Promise.resolve('aborted');
  return new Promise((resolve) => {
    const whole = declared === undefined ? undefined : Buffer.allocUnsafe(declared);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) return resolve('too large');
      if (whole) chunk.copy(whole, size - chunk.length);
      else chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > limit ? 'too large' : (whole ?? Buffer.concat(chunks, size))),
    );
    req.on('close', () => {
      if (!req.complete) resolve('aborted');
    });
    req.on('error', () => resolve('aborted'));
  });
}

/**
 * Answers now a request whose body will not be used. The body that follows is read and dropped,
 * so that clients that send it all before reading (the AWS CLI) still get the answer, and the
 * connection stays usable; a body past the largest any operation takes cuts the connection.
 */
function answerBeforeBody(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > REQUEST_BODY_MAX_BYTES) req.socket.destroy();
  });
  req.on('error', () => {});
  send(res, reply);
}

/** The throttling error of each protocol: SDKs and the AWS CLI retry both after a back-off. */
function throttledReply(logsProtocol: boolean): Reply {
  if (logsProtocol) return errorReply(problem('ThrottlingException', 'Rate exceeded', 400), true);
  const reply = errorReply(problem('TooManyRequestsException', 'Rate exceeded', 429), false);
  return {
    ...reply,
    headers: { ...reply.headers, 'retry-after': '1' },
    body: { ...(reply.body as object), Reason: 'CallerRateLimitExceeded' },
  };
}

function lambdaErrorHeaders(type: string): Record<string, string> {
  return { 'x-amzn-errortype': type, 'content-type': 'application/json' };
}

/** Lambda's REST-JSON errors carry the type in a header; Logs' JSON 1.1 errors in `__type`. */
export function errorReply(p: ApiProblem, logsProtocol: boolean): Reply {
  if (logsProtocol)
    return {
      status: p.status,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: { __type: p.type, message: p.message },
    };
  return {
    status: p.status,
    headers: lambdaErrorHeaders(p.type),
    body: { Type: p.status >= 500 ? 'Service' : 'User', message: p.message },
  };
}

function send(res: ServerResponse, reply: Reply, closeConnection = false): void {
  const headers: Record<string, string> = {
    'x-amzn-requestid': crypto.randomUUID(),
    ...reply.headers,
  };
  if (isStreamedBody(reply.body)) return void sendStreamed(res, reply.status, headers, reply.body);
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(reply.body)) payload = reply.body;
  else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    headers['content-type'] ??= 'application/json';
  }
  headers['content-length'] = String(payload?.length ?? 0);
  if (closeConnection) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Chunked, each piece written as it comes; the producer is stopped when the caller goes away. */
async function sendStreamed(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: StreamedBody,
): Promise<void> {
  res.writeHead(status, headers);
  res.flushHeaders();
  const pieces = body.stream[Symbol.asyncIterator]();
  const stop = () => {
    void pieces.return?.();
  };
  res.once('close', stop);
  try {
    for (;;) {
      const next = await pieces.next();
      if (next.done || res.destroyed) break;
      if (!res.write(next.value)) await untilDrained(res);
    }
    res.end();
  } catch {
    // The producer failed after the status went out: cutting the connection is the only signal left.
    res.destroy();
  } finally {
    res.off('close', stop);
  }
}
