// GetFunction's Code.Location: a link to the function's zip that works without signing, like the
// pre-signed S3 URL Lambda answers with, and like it for 10 minutes only. The expiry is inside the
// HMAC, so a link can be neither extended nor pointed at another zip.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Reply } from './exchange';

export const CODE_PATH = '/_lambda-lens/code/';
/** Lambda documents Code.Location as a presigned URL "valid for up to 10 minutes". */
export const CODE_LINK_LIFETIME_S = 600;

export class CodeLinks {
  constructor(
    private readonly secret: string,
    private readonly clock: () => number,
  ) {}

  /** A link to the zip whose SHA-256 is `sha` (base64), valid from now for 10 minutes. */
  url(baseUrl: string, sha: string): string {
    const expires = Math.floor(this.clock() / 1000) + CODE_LINK_LIFETIME_S;
    return `${baseUrl}${CODE_PATH}${Buffer.from(sha, 'base64').toString('hex')}?expires=${expires}&token=${this.token(sha, expires)}`;
  }

  /** The SHA-256 (base64) of the zip a link is for, or the 403 S3 would answer. */
  check(hex: string, query: Record<string, string | string[]>): { sha: string } | Reply {
    const expires =
      typeof query.expires === 'string' && /^\d{1,12}$/.test(query.expires)
        ? Number(query.expires)
        : undefined;
    const token = typeof query.token === 'string' ? query.token : '';
    if (!/^[0-9a-f]{64}$/.test(hex) || expires === undefined) return invalidLink();
    const sha = Buffer.from(hex, 'hex').toString('base64');
    const expected = this.token(sha, expires);
    if (
      token.length !== expected.length ||
      !timingSafeEqual(Buffer.from(token), Buffer.from(expected))
    )
      return invalidLink();
    const now = this.clock();
    if (now > expires * 1000) {
      return s3Error(
        'Request has expired; get a fresh Code.Location with GetFunction.',
        `<X-Amz-Expires>${CODE_LINK_LIFETIME_S}</X-Amz-Expires><Expires>${isoSeconds(expires * 1000)}</Expires><ServerTime>${isoSeconds(now)}</ServerTime>`,
      );
    }
    return { sha };
  }

  private token(sha: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${sha}\n${expires}`).digest('hex');
  }
}

/** A link that was never ours, was changed, or whose zip is gone. */
export function invalidLink(): Reply {
  return s3Error('The code location is not valid; get a fresh one with GetFunction.');
}

/** S3's error document, which is what a pre-signed URL answers with. */
function s3Error(message: string, details = ''): Reply {
  return {
    status: 403,
    headers: { 'content-type': 'application/xml' },
    body: Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message}</Message>${details}</Error>`,
    ),
  };
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
