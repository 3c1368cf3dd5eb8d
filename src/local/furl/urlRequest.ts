// One HTTP request to a Function URL, as Lambda's URL front end handles it: the Host check (DNS
// rebinding), CORS preflights answered by the URL itself, AWS_IAM's SigV4 check, the body limit,
// the payload 2.0 event, the invocation, and the response mapped from its result (or streamed, for a
// RESPONSE_STREAM URL: urlStreaming.ts).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../core/apiProblem';
import {
  isPreflight,
  preflightHeaders,
  responseCorsHeaders,
  withoutCorsHeaders,
} from '../../core/http/cors';
import { payloadV2Event, type IamCaller } from '../../core/http/payloadV2Event';
import {
  functionErrorAnswer,
  payloadV2Response,
  type HttpAnswer,
} from '../../core/http/payloadV2Response';
import { SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';
import type { LocalCredentials } from '../home';
import type { Exchange, Reply } from '../http/exchange';
import { answerStreaming } from './urlStreaming';
import { answerBeforeBody, originForm, readBody, send, sourceIpOf } from '../http/httpAnswer';
import { requestTraceId } from '../http/traceIds';
import {
  checkAuthorization,
  parseQuery,
  verifySignedRequest,
  type SignatureClaims,
} from '../http/sigv4';
import type { Invoker } from '../lambda/context';
import type { FunctionRecord, UrlRecord } from '../store/functionRecord';

export interface UrlRequestDeps {
  readonly invoker: Invoker;
  readonly credentials: LocalCredentials;
  readonly account: string;
  readonly clock: () => number;
  readonly log: (message: string) => void;
}

/** The URL a request reached, with its function; undefined once the URL is gone. */
export type UrlTarget = { readonly record: FunctionRecord; readonly url: UrlRecord } | undefined;

const FORBIDDEN: HttpAnswer = {
  status: 403,
  headers: [['content-type', 'application/json']],
  body: Buffer.from('{"Message":"Forbidden"}'),
};
const TOO_LARGE: HttpAnswer = {
  status: 413,
  headers: [['content-type', 'application/json']],
  body: Buffer.from(
    JSON.stringify({
      Message: `Request must be smaller than ${SYNC_PAYLOAD_MAX_BYTES} bytes for the InvokeFunction operation`,
    }),
  ),
};
const THROTTLED: HttpAnswer = {
  status: 429,
  headers: [['content-type', 'application/json']],
  body: Buffer.from('{"Message":"Rate Exceeded."}'),
};

/**
 * Only the names a loopback client uses for this port: a web page that reaches the port through
 * DNS rebinding sends its own name and is refused.
 */
export function isUrlHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const lower = host.toLowerCase();
  return (
    lower === `127.0.0.1:${port}` || lower === `localhost:${port}` || lower === `[::1]:${port}`
  );
}

export async function handleUrlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  target: UrlTarget,
  deps: UrlRequestDeps,
): Promise<void> {
  if (!isUrlHost(req.headers.host, port) || !target) return answerBeforeBody(req, res, FORBIDDEN);
  const { record, url } = target;
  const method = req.method ?? 'GET';
  // Browsers send preflights without credentials: the URL answers them, whatever its AuthType.
  if (url.cors && isPreflight(method, req.headers)) {
    return answerBeforeBody(req, res, {
      status: 200,
      headers: Object.entries(preflightHeaders(url.cors, req.headers)),
      body: Buffer.alloc(0),
    });
  }
  const declared =
    req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : undefined;
  if (declared !== undefined && declared > SYNC_PAYLOAD_MAX_BYTES)
    return answerBeforeBody(req, res, TOO_LARGE, true);
  // AWS_IAM: what the headers alone can refuse is refused before the body is read.
  let claims: SignatureClaims | undefined;
  if (url.authType === 'AWS_IAM') {
    const checked = checkAuthorization(req.headers, deps.credentials, new Date(deps.clock()));
    if ('type' in checked || checked.service !== 'lambda')
      return answerBeforeBody(req, res, FORBIDDEN);
    claims = checked;
  }
  const body = await readBody(req, SYNC_PAYLOAD_MAX_BYTES);
  if (body === 'aborted') return;
  if (body === 'too large') return send(res, TOO_LARGE, true);
  const requestTarget = originForm(req.url ?? '/');
  let iam: IamCaller | undefined;
  if (claims) {
    const queryAt = requestTarget.indexOf('?');
    const verified = await verifySignedRequest(
      {
        method,
        rawPath: queryAt < 0 ? requestTarget : requestTarget.slice(0, queryAt),
        query: parseQuery(queryAt < 0 ? '' : requestTarget.slice(queryAt + 1)),
        headers: req.headers,
        body,
      },
      claims,
      deps.credentials,
    );
    if ('type' in verified) return send(res, FORBIDDEN);
    iam = callerOf(deps.credentials.accessKeyId, deps.account);
  }
  const requestId = randomUUID();
  const event = payloadV2Event(
    {
      method,
      target: requestTarget,
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: sourceIpOf(req),
      protocol: `HTTP/${req.httpVersion}`,
    },
    {
      urlId: url.urlId,
      domainName: req.headers.host!,
      accountId: deps.account,
      requestId,
      now: new Date(deps.clock()),
      ...(iam ? { iam } : {}),
      forwarded: { port, proto: 'http', traceId: requestTraceId(deps.clock()) },
    },
  );
  const payload = Buffer.from(JSON.stringify(event));
  if (payload.length > SYNC_PAYLOAD_MAX_BYTES) return send(res, TOO_LARGE);
  // The invocation's request id is the event's requestContext.requestId (the function's awsRequestId).
  const invokeOptions = { requestId, payloadIsJson: true };
  try {
    if (url.invokeMode === 'RESPONSE_STREAM') {
      const invocation = await deps.invoker.invokeStreaming({
        record,
        qualifier: url.qualifier,
        payload,
        ...invokeOptions,
      });
      return await answerStreaming(res, invocation, url, req.headers, requestId);
    }
    const exchange: Exchange = {
      method: 'POST',
      segments: [],
      query: {},
      headers: {},
      body: payload,
      region: record.region,
    };
    const result = await deps.invoker.invoke(exchange, record, url.qualifier, invokeOptions);
    return answerInvocation(res, result, url, req.headers, requestId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.problem.type === 'TooManyRequestsException')
      return send(res, withRequestId(THROTTLED, requestId));
    // The function cannot run (its alias's version is gone, an unusable package): Lambda's 502.
    deps.log(`Function URL ${url.urlId}: ${error.problem.type}: ${error.problem.message}`);
    return send(res, withRequestId(functionErrorAnswer(), requestId));
  }
}

/**
 * The seam between a BUFFERED URL's invocation and the HTTP answer: the function's whole result,
 * mapped as payload 2.0 maps it. (RESPONSE_STREAM URLs answer through urlStreaming.ts.)
 */
export function answerInvocation(
  res: ServerResponse,
  result: Reply,
  url: UrlRecord,
  headers: IncomingMessage['headers'],
  requestId: string,
): void {
  const payload = Buffer.isBuffer(result.body)
    ? result.body
    : Buffer.from(JSON.stringify(result.body ?? null));
  const functionError = result.headers?.['x-amz-function-error'] !== undefined;
  let answer = payloadV2Response(payload, functionError);
  if (url.cors) {
    // The configuration's CORS headers win over the function's own.
    answer = {
      ...answer,
      headers: [
        ...withoutCorsHeaders(answer.headers),
        ...Object.entries(responseCorsHeaders(url.cors, headers)),
      ],
    };
  }
  send(res, withRequestId(answer, requestId));
}

/** The identity of the home's credentials, as an IAM user of the local account. */
function callerOf(accessKey: string, account: string): IamCaller {
  const userId = `AIDA${accessKey.slice(4, 20).toUpperCase().padEnd(17, 'X')}`;
  return {
    accessKey,
    accountId: account,
    callerId: userId,
    userArn: `arn:aws:iam::${account}:user/lambda-lens-local`,
    userId,
  };
}

function withRequestId(answer: HttpAnswer, requestId: string): HttpAnswer {
  return { ...answer, headers: [...answer.headers, ['x-amzn-requestid', requestId]] };
}
