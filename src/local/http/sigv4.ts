// Verifies AWS Signature Version 4 on every request, recomputing the signature with the AWS SDK's
// own signer (@smithy/signature-v4) from exactly the headers the client says it signed. In two
// steps: what the headers alone can settle (before the body is read), then the signature itself.
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { parseAmzDate, formatAmzDate } from '../../core/awsTime';
import { problem, type ApiProblem } from '../../core/apiProblem';
import type { LocalCredentials } from '../home';

const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;_.-]+), ?Signature=([0-9a-f]{64})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export interface SignedRequest {
  readonly method: string;
  /** The path as received, still percent-encoded (SigV4 canonicalises it again). */
  readonly rawPath: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Uint8Array;
}

export interface VerifiedSignature {
  readonly region: string;
  readonly service: string;
}

/** What the Authorization header claims, once the checks that need no body have passed. */
export interface SignatureClaims extends VerifiedSignature {
  readonly signingDate: Date;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Returns the signing region and service, or the 403 problem AWS would answer with. */
export async function verifySignature(
  request: SignedRequest,
  credentials: LocalCredentials,
  now = new Date(),
): Promise<VerifiedSignature | ApiProblem> {
  const claims = checkAuthorization(request.headers, credentials, now);
  if ('type' in claims) return claims;
  return verifySignedRequest(request, claims, credentials);
}

/**
 * The checks that need only the headers, made before a body is read so that a request that cannot
 * be this home's holds no memory: the header's shape, the access key, the date and its skew, the
 * scope's region, and `host` among the signed headers (unsigned, a signature could be replayed
 * under another Host).
 */
export function checkAuthorization(
  headers: SignedRequest['headers'],
  credentials: LocalCredentials,
  now = new Date(),
): SignatureClaims | ApiProblem {
  const header = headers.authorization;
  if (typeof header !== 'string')
    return problem('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  const match = AUTH.exec(header);
  if (!match)
    return problem(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${header.split(' ')[0]}`,
      403,
    );
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] =
    match as unknown as [string, string, string, string, string, string, string];
  if (accessKeyId !== credentials.accessKeyId) {
    return problem(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      403,
    );
  }
  const amzDateHeader = headers['x-amz-date'];
  const amzDate = typeof amzDateHeader === 'string' ? amzDateHeader : '';
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate)
    return problem(
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      403,
    );
  // The signer derives the scope's date from X-Amz-Date, so a scope for another day would only
  // fail as a wrong signature; AWS names the mismatch.
  if (scopeDate !== amzDate.slice(0, 8)) {
    return problem(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      403,
    );
  }
  if (now.getTime() - signingDate.getTime() > MAX_SKEW_MS) {
    return problem(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now.getTime() - MAX_SKEW_MS))} (${formatAmzDate(now)} - 15 min.)`,
      403,
    );
  }
  if (signingDate.getTime() - now.getTime() > MAX_SKEW_MS) {
    return problem(
      'InvalidSignatureException',
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(now.getTime() + MAX_SKEW_MS))} (${formatAmzDate(now)} + 15 min.)`,
      403,
    );
  }
  if (!REGION.test(region))
    return problem(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${region}'.`,
      403,
    );
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host'))
    return problem(
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      403,
    );
  return { region, service, signingDate, signedHeaders, signature };
}

/** The signature recomputed over the whole request, body included, as the claims describe it. */
export async function verifySignedRequest(
  request: SignedRequest,
  claims: SignatureClaims,
  credentials: LocalCredentials,
): Promise<VerifiedSignature | ApiProblem> {
  // The signer takes a declared x-amz-content-sha256 as the payload's hash without reading the
  // body: unchecked, a captured request could be replayed with any other body.
  const declaredHash = request.headers['x-amz-content-sha256'];
  if (
    declaredHash !== undefined &&
    declaredHash !== createHash('sha256').update(request.body).digest('hex')
  ) {
    return problem(
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      403,
    );
  }
  const headers: Record<string, string> = {};
  for (const name of claims.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined)
      return problem(
        'InvalidSignatureException',
        `The request signature we calculated does not match the signature you provided: signed header ${name} is missing.`,
        403,
      );
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const { region, service, signingDate } = claims;
  const expected = await signerFor(credentials, region, service).sign(
    new HttpRequest({
      method: request.method,
      path: request.rawPath,
      query: request.query,
      headers,
      body: request.body,
    }),
    { signingDate, signableHeaders: new Set(claims.signedHeaders) },
  );
  const expectedSignature =
    /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization))?.[1] ?? '';
  if (!safeEqual(expectedSignature, claims.signature)) {
    return problem(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      403,
    );
  }
  return { region, service };
}

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

// One signer per region and service: it caches the derived signing key per day.
const signers = new Map<string, SignatureV4>();
function signerFor(credentials: LocalCredentials, region: string, service: string): SignatureV4 {
  // Keyed by the secret too: a signer holds the key it derives from it.
  const key = `${credentials.accessKeyId}/${credentials.secretAccessKey}/${region}/${service}`;
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({
      credentials,
      region,
      service,
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: true,
      applyChecksum: false,
    });
    signers.set(key, signer);
  }
  return signer;
}

/** Decodes a raw query string into the shape the signer canonicalises (repeated keys as arrays). */
export function parseQuery(raw: string): Record<string, string | string[]> {
  // No prototype: a key such as constructor or __proto__ must be a key like any other.
  const query: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >;
  if (!raw) return query;
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
