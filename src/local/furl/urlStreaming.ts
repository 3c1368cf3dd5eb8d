// A RESPONSE_STREAM Function URL's answer: the function's bytes reach the HTTP client as it writes
// them (chunked). The head (status, headers, each cookie as its own Set-Cookie) comes from the
// HttpResponseStream prelude and goes out with the first body bytes, or at the end when there are
// none (Lambda sends a streamed answer's headers with its first write too: fastify/aws-lambda-fastify
// #154). So a function that fails before writing anything is 502 "Internal Server Error", as behind a
// BUFFERED URL; one that fails after (its error, a time-out, the 200 MB limit) has already sent its
// status, so the answer is cut: the chunked body is never terminated and the client sees an
// incomplete response, never a complete one. A function that does not stream (Python, a handler not
// wrapped in streamifyResponse) sends its whole result as the body, raw (streamedHead.ts says why),
// when it returns: Lambda invokes every function behind a RESPONSE_STREAM URL through
// InvokeWithResponseStream (DG "Invoking a response streaming enabled function using Lambda
// function URLs"), and only Node.js managed runtimes stream (DG "Response streaming for Lambda
// functions"), so a Python function's response is its one buffered result, within 6 MB.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { responseCorsHeaders, withoutCorsHeaders } from '../../core/http/cors';
import { functionErrorAnswer } from '../../core/http/payloadV2Response';
import { streamedHead, type StreamedHead } from '../../core/http/streamedHead';
import type { UrlRecord } from '../store/functionRecord';
import { withHttpPrelude, type StreamingInvocation } from '../runtime/streamingInvocation';

export async function answerStreaming(
  res: ServerResponse,
  invocation: StreamingInvocation,
  url: UrlRecord,
  requestHeaders: IncomingMessage['headers'],
  requestId: string,
): Promise<void> {
  const response = await invocation.response;
  const { prelude, body } = await withHttpPrelude(response);
  const head = streamedHead(prelude, response.contentType);
  if (!head) return sendWhole(res, functionErrorAnswer(), requestId); // leaving the body unread: the function runs on
  for await (const chunk of body) {
    if (res.destroyed) break; // the caller went away: its bytes are dropped, the function runs on
    if (!res.headersSent) writeHead(res, head, url, requestHeaders, requestId);
    if (!res.write(chunk)) await drained(res);
  }
  if (res.destroyed) return;
  const { error } = await invocation.done;
  if (res.destroyed) return;
  if (!error) {
    if (!res.headersSent) writeHead(res, head, url, requestHeaders, requestId);
    res.end();
  } else if (!res.headersSent) {
    sendWhole(res, functionErrorAnswer(), requestId);
  } else {
    res.destroy(); // cut: the status already went out, so the missing end is what says it failed
  }
}

function writeHead(
  res: ServerResponse,
  head: StreamedHead,
  url: UrlRecord,
  requestHeaders: IncomingMessage['headers'],
  requestId: string,
): void {
  // The configuration's CORS headers win over the function's own, as for buffered answers.
  const headers = url.cors
    ? [
        ...withoutCorsHeaders(head.headers),
        ...Object.entries(responseCorsHeaders(url.cors, requestHeaders)),
      ]
    : head.headers;
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, value);
  flat.push('x-amzn-requestid', requestId);
  res.writeHead(head.status, flat);
}

function sendWhole(
  res: ServerResponse,
  answer: { status: number; headers: readonly (readonly [string, string])[]; body: Buffer },
  requestId: string,
): void {
  const flat: string[] = [];
  for (const [name, value] of answer.headers) flat.push(name, value);
  flat.push('x-amzn-requestid', requestId, 'content-length', String(answer.body.length));
  res.writeHead(answer.status, flat);
  res.end(answer.body);
}

/** Until the socket takes more, or the caller is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
