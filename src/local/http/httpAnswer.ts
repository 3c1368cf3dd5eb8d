// What a Function URL and start-api share as plain HTTP servers: the caller's address, the request
// target in origin form, a whole answer, an answer sent before the body is read, and a body read up
// to a limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAnswer } from '../../core/http/payloadV2Response';
import { SYNC_PAYLOAD_MAX_BYTES } from '../../core/limits';

export function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function send(res: ServerResponse, answer: HttpAnswer, closeConnection = false): void {
  if (res.headersSent || res.destroyed) return;
  // Repeated names (set-cookie) go out as repeated headers.
  const flat: string[] = [];
  for (const [name, value] of answer.headers) flat.push(name, value);
  flat.push('content-length', String(answer.body.length));
  if (closeConnection) flat.push('connection', 'close');
  res.writeHead(answer.status, flat);
  res.end(answer.body);
}

/** Answers at once; the body that follows is read and dropped, up to the limit, so the client reads the answer. */
export function answerBeforeBody(
  req: IncomingMessage,
  res: ServerResponse,
  answer: HttpAnswer,
  closeConnection = false,
): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > SYNC_PAYLOAD_MAX_BYTES) req.socket.destroy();
  });
  req.on('error', () => {});
  send(res, answer, closeConnection);
}

export function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer | 'too large' | 'aborted'> {
  if (req.destroyed) return Promise.resolve('aborted');
  // Neither Content-Length nor Transfer-Encoding: the request has no body (RFC 9112, 6.3), so there
  // is nothing to wait for (the stream machinery of an empty body cost a GET several µs).
  if (
    req.headers['transfer-encoding'] === undefined &&
    (req.headers['content-length'] === undefined || req.headers['content-length'] === '0')
  )
    return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        return resolve('too large');
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? 'too large' : Buffer.concat(chunks, size)));
    req.on('close', () => {
      if (!req.complete) resolve('aborted');
    });
    req.on('error', () => resolve('aborted'));
  });
}

/** A target in absolute form (`GET http://127.0.0.1:PORT/p`, as proxies send) as its path and query. */
export function originForm(target: string): string {
  const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
  if (!absolute) return target;
  const rest = target.slice(absolute[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
