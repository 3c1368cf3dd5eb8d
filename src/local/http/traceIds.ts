// X-Ray trace ids, as Lambda's front end adds them to a request (X-Amzn-Trace-Id) and hands them
// to a runtime (Lambda-Runtime-Trace-Id). Their random digits are cut from one pooled block of
// random bytes, refilled when used up: one request costs a slice of hex, not two UUIDs drawn,
// stripped of their dashes and cut.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `bytes` random bytes as 2 × `bytes` lower-case hex digits (at most POOL_BYTES). */
export function randomHex(bytes: number): string {
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}

/** The epoch second, as the 8 hex digits of a trace id's Root. */
function epochHex(nowMs: number): string {
  return Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
}

/** The header a Function URL or an HTTP API adds to a request: `Root=1-<time>-<24 hex>`. */
export function requestTraceId(nowMs: number): string {
  return `Root=1-${epochHex(nowMs)}-${randomHex(12)}`;
}

/** What a runtime gets for an invocation: a Root, a Parent segment, and not sampled. */
export function invocationTraceId(nowMs: number): string {
  return `Root=1-${epochHex(nowMs)}-${randomHex(12)};Parent=${randomHex(8)};Sampled=0`;
}
