// CORS as a Function URL with a `Cors` configuration applies it (AWS's "Cross-origin resource
// sharing (CORS)" in urls-configuration): the URL answers preflight requests itself, without
// calling the function, and adds the configured headers to every response, where they win over
// headers of the same name the function set.

export interface CorsConfig {
  readonly AllowCredentials?: boolean;
  readonly AllowHeaders?: readonly string[];
  readonly AllowMethods?: readonly string[];
  readonly AllowOrigins?: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly MaxAge?: number;
}

type Headers = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** A browser's preflight: OPTIONS with an Origin and the method it asks for. */
export function isPreflight(method: string, headers: Headers): boolean {
  return (
    method === 'OPTIONS' &&
    one(headers.origin) !== undefined &&
    one(headers['access-control-request-method']) !== undefined
  );
}

/**
 * The Access-Control-Allow-Origin value for this origin, or undefined when it is not allowed. A
 * wildcard answers `*`, except with credentials, which browsers accept only for a named origin.
 */
export function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  const origins = cors.AllowOrigins ?? [];
  if (origins.includes('*')) return cors.AllowCredentials ? origin : '*';
  return origins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase())
    ? origin
    : undefined;
}

function methodAllowed(cors: CorsConfig, method: string): boolean {
  return (cors.AllowMethods ?? []).some(
    (allowed) => allowed === '*' || allowed.toUpperCase() === method.toUpperCase(),
  );
}

/**
 * The preflight's answer headers; none when the origin or the method is not allowed (the browser
 * then refuses the request, as it would against AWS).
 */
export function preflightHeaders(cors: CorsConfig, headers: Headers): Record<string, string> {
  const origin = allowedOrigin(cors, one(headers.origin));
  const method = one(headers['access-control-request-method']) ?? '';
  if (origin === undefined || !methodAllowed(cors, method)) return {};
  return {
    'access-control-allow-origin': origin,
    ...(origin !== '*' ? { vary: 'Origin' } : {}),
    'access-control-allow-methods': (cors.AllowMethods ?? []).join(','),
    ...(cors.AllowHeaders?.length
      ? { 'access-control-allow-headers': cors.AllowHeaders.join(',') }
      : {}),
    ...(cors.AllowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    ...(cors.MaxAge ? { 'access-control-max-age': String(cors.MaxAge) } : {}),
  };
}

/** The headers an actual (not preflight) response gets for this request's Origin. */
export function responseCorsHeaders(cors: CorsConfig, headers: Headers): Record<string, string> {
  const origin = allowedOrigin(cors, one(headers.origin));
  if (origin === undefined) return {};
  return {
    'access-control-allow-origin': origin,
    ...(origin !== '*' ? { vary: 'Origin' } : {}),
    ...(cors.ExposeHeaders?.length
      ? { 'access-control-expose-headers': cors.ExposeHeaders.join(',') }
      : {}),
    ...(cors.AllowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}

/** The function's headers with every CORS header taken out: the configuration's replace them. */
export function withoutCorsHeaders(
  headers: readonly (readonly [string, string])[],
): (readonly [string, string])[] {
  return headers.filter(([name]) => !name.startsWith('access-control-'));
}
