// Everything an event needs besides its parameters: the time, random identifiers in AWS's own
// formats, ARNs in the right partition, and the derived fields (MD5 of a body, base64 data).
// Clock and randomness are injected so that tests get the same event twice.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface GenerationSources {
  /** The moment the event happens (default: now). */
  readonly now?: () => Date;
  /** n random bytes (default: the platform's secure random source). */
  readonly randomBytes?: (n: number) => Uint8Array;
}

export interface Location {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class EventGeneration {
  readonly now: Date;
  private readonly bytes: (n: number) => Uint8Array;

  constructor(
    readonly location: Location,
    sources: GenerationSources = {},
  ) {
    this.now = (sources.now ?? (() => new Date()))();
    this.bytes = sources.randomBytes ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass '' to leave region or account empty (S3). */
  arn(
    service: string,
    resource: string,
    scope: { region?: string; account?: string } = {},
  ): string {
    const { partition, region, account } = this.location;
    return `arn:${partition}:${service}:${scope.region ?? region}:${scope.account ?? account}:${resource}`;
  }

  /** A version 4 UUID, the form of most AWS request and message ids. */
  uuid(): string {
    const b = this.bytes(16);
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const hex = Buffer.from(b).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  hex(length: number, upper = false): string {
    const hex = Buffer.from(this.bytes(Math.ceil(length / 2)))
      .toString('hex')
      .slice(0, length);
    return upper ? hex.toUpperCase() : hex;
  }

  digits(length: number): string {
    return Array.from(this.bytes(length), (b, i) => (i === 0 ? 1 + (b % 9) : b % 10)).join('');
  }

  alphanumeric(length: number): string {
    return Array.from(this.bytes(length), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
  }

  /** Random bytes as base64, for opaque tokens such as SQS receipt handles or S3's x-amz-id-2. */
  randomBase64(byteCount: number): string {
    return Buffer.from(this.bytes(byteCount)).toString('base64');
  }

  /** "2026-11-28T13:54:33.123Z" */
  isoMillis(offsetMs = 0): string {
    return new Date(this.now.getTime() + offsetMs).toISOString();
  }

  /** "2026-11-28T13:54:33Z": EventBridge's `time`. */
  isoSeconds(): string {
    return this.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  epochMillis(offsetMs = 0): number {
    return this.now.getTime() + offsetMs;
  }

  epochSeconds(): number {
    return Math.floor(this.now.getTime() / 1000);
  }

  /** API Gateway's requestContext.requestTime: "28/Nov/2026:13:54:33 +0000". */
  apiGatewayTime(): string {
    const d = this.now;
    const two = (n: number) => String(n).padStart(2, '0');
    return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
  }

  /** "Sat, 28 Nov 2026 13:54:33 GMT": HTTP and e-mail dates. */
  httpDate(): string {
    return this.now.toUTCString();
  }
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** CloudWatch Logs subscription data: gzip, then base64. */
export function gzipBase64(text: string): string {
  return gzipSync(Buffer.from(text, 'utf8')).toString('base64');
}

/** S3 keys in event notifications are URL-encoded with '+' for spaces. */
export function s3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}
