// The embedded local endpoint: one loopback HTTP server that speaks Lambda's REST-JSON API and
// CloudWatch Logs' JSON 1.1 API, so the AWS SDK and the AWS CLI work against it unchanged.
// Every request must come with a loopback Host header and a valid SigV4 signature made with the
// credentials generated for this home (a web page in a browser can provide neither).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApiError, problem, type ApiProblem } from '../core/apiProblem';
import { REQUEST_BODY_MAX_BYTES, SYNC_PAYLOAD_MAX_BYTES } from '../core/limits';
import { acquireHomeLock, ensureHome, loadOrCreateCredentials, recordUrlInLock, type HomeLock, type LocalCredentials } from './home';
import { isLoopbackHost } from './http/hostCheck';
import type { Exchange, Reply } from './http/exchange';
import { parseQuery, verifySignature } from './http/sigv4';
import type { Invoker, LambdaContext } from './lambda/context';
import { isInvokePath, operationOf, routeLambda } from './lambda/router';
import { isLogsRequest, logsOperationOf, routeLogs } from './logs/logsApi';
import { removeStaleTempFiles } from './store/atomicFile';
import { CodeStore } from './store/codeStore';
import { FunctionStore } from './store/functionStore';
import { LogStore } from './store/logStore';

export const LOCAL_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const CODE_PATH = '/_lambda-lens/code/';

export interface LocalEndpointOptions {
  readonly home: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly logRetentionDays?: number;
  readonly log?: (message: string) => void;
  /** Runs invocations; given by the runtime layer. */
  readonly createInvoker?: (stores: { functions: FunctionStore; code: CodeStore; logs: LogStore; home: string; account: string }) => Invoker;
}

export interface LocalEndpoint {
  readonly url: string;
  readonly port: number;
  readonly home: string;
  readonly region: string;
  readonly credentials: LocalCredentials;
  close(): Promise<void>;
}

/** An invoker for when no runtime layer is given: says so instead of pretending. */
const noInvoker: Invoker = {
  invoke: async () => { throw new ApiError(problem('ServiceException', 'This endpoint was started without execution environments.', 500)); },
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
  try {
    // Left by a holder killed mid-write (credentials, lock); only the lock holder writes them.
    removeStaleTempFiles(options.home);
    const credentials = loadOrCreateCredentials(options.home);
    const regionsDir = join(options.home, 'regions');
    const functions = new FunctionStore(regionsDir, log);
    const code = new CodeStore(join(options.home, 'code'));
    const logs = new LogStore(regionsDir, options.logRetentionDays ?? 30, log);
    const invoker = options.createInvoker?.({ functions, code, logs, home: options.home, account: LOCAL_ACCOUNT_ID }) ?? noInvoker;
    let baseUrl = '';
    const codeToken = (sha: string) => createHmac('sha256', credentials.secretAccessKey).update(sha).digest('hex');
    const lambda: LambdaContext = {
      account: LOCAL_ACCOUNT_ID, functions, code, logs, invoker,
      codeLocation: (sha) => `${baseUrl}${CODE_PATH}${Buffer.from(sha, 'base64').toString('hex')}?token=${codeToken(sha)}`,
    };

    server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        log(`Unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) send(res, { status: 500, headers: lambdaErrorHeaders('ServiceException'), body: { Type: 'Service', message: 'The local endpoint failed; see its log.' } });
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 60_000;

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const url = req.url ?? '/';
      if (!isLoopbackHost(req.headers.host)) {
        req.resume();
        return send(res, errorReply(problem('AccessDeniedException', 'The local endpoint accepts only loopback host names (127.0.0.1, localhost, [::1]).', 403), false));
      }
      const queryAt = url.indexOf('?');
      const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
      const query = parseQuery(queryAt < 0 ? '' : url.slice(queryAt + 1));
      if (req.method === 'GET' && rawPath.startsWith(CODE_PATH)) return serveCode(rawPath.slice(CODE_PATH.length), query, res);
      const segments = rawPath.split('/').slice(1).map(safeDecode);
      const logsRequest = isLogsRequest(req.headers);
      const limit = !logsRequest && isInvokePath(segments) ? SYNC_PAYLOAD_MAX_BYTES : REQUEST_BODY_MAX_BYTES;
      const body = await readBody(req, limit);
      if (!body) {
        const operation = logsRequest ? logsOperationOf(req.headers) : operationOf(req.method ?? 'GET', segments) ?? 'request';
        const type = isInvokePath(segments) ? 'RequestTooLargeException' : 'RequestEntityTooLargeException';
        return send(res, errorReply(problem(type, `Request must be smaller than ${limit} bytes for the ${operation} operation`, 413), logsRequest), true);
      }
      const verified = await verifySignature({ method: req.method ?? 'GET', rawPath, query, headers: req.headers, body }, credentials);
      if ('type' in verified) return send(res, errorReply(verified, logsRequest));
      if (!REGION.test(verified.region)) {
        return send(res, errorReply(problem('InvalidSignatureException', `Credential should be scoped to a valid region, not '${verified.region}'.`, 403), logsRequest));
      }
      const expectedService = logsRequest ? 'logs' : 'lambda';
      if (verified.service !== expectedService) {
        return send(res, errorReply(problem('InvalidSignatureException', `Credential should be scoped to correct service: '${expectedService}'.`, 403), logsRequest));
      }
      const exchange: Exchange = { method: req.method ?? 'GET', segments, query, headers: req.headers, body, region: verified.region };
      try {
        const reply = logsRequest ? routeLogs({ account: LOCAL_ACCOUNT_ID, logs }, exchange) : await routeLambda(lambda, exchange);
        send(res, logsRequest ? { ...reply, headers: { 'content-type': 'application/x-amz-json-1.1', ...reply.headers } } : reply);
      } catch (error) {
        if (error instanceof ApiError) return send(res, errorReply(error.problem, logsRequest));
        throw error;
      }
    }

    function serveCode(hex: string, query: Record<string, string | string[]>, res: ServerResponse): void {
      const sha = Buffer.from(hex, 'hex').toString('base64');
      const token = typeof query.token === 'string' ? query.token : '';
      const expected = codeToken(sha);
      if (!/^[0-9a-f]{64}$/.test(hex) || token.length !== expected.length || !timingSafeEqual(Buffer.from(token), Buffer.from(expected)) || !code.has(sha)) {
        return send(res, { status: 403, body: { message: 'The code location is not valid; get a fresh one with GetFunction.' } });
      }
      send(res, { status: 200, headers: { 'content-type': 'application/zip' }, body: code.read(sha) });
    }

    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    recordUrlInLock(options.home, baseUrl);
    const running = server;
    return {
      url: baseUrl,
      port,
      home: options.home,
      region: DEFAULT_REGION,
      credentials,
      async close() {
        await invoker.close();
        logs.close();
        await new Promise<void>((resolve) => {
          running.close(() => resolve());
          running.closeAllConnections();
        });
        lock.release();
      },
    };
  } catch (error) {
    server?.close();
    lock.release();
    throw error;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The body, or undefined when it is larger than `limit` (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function lambdaErrorHeaders(type: string): Record<string, string> {
  return { 'x-amzn-errortype': type, 'content-type': 'application/json' };
}

/** Lambda's REST-JSON errors carry the type in a header; Logs' JSON 1.1 errors in `__type`. */
export function errorReply(p: ApiProblem, logsProtocol: boolean): Reply {
  if (logsProtocol) return { status: p.status, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: { __type: p.type, message: p.message } };
  return { status: p.status, headers: lambdaErrorHeaders(p.type), body: { Type: p.status >= 500 ? 'Service' : 'User', message: p.message } };
}

function send(res: ServerResponse, reply: Reply, closeConnection = false): void {
  const headers: Record<string, string> = { 'x-amzn-requestid': crypto.randomUUID(), ...reply.headers };
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
