// The HTTP request shared by API Gateway, ALB and Function URL events: the parameters a user
// gives (method, path, query, headers, body) and the maps each integration derives from them.
import type { EventGeneration } from './eventGeneration';
import { param } from './parameters';

export const HTTP_REQUEST = {
  method: param('httpMethod', 'HTTP method', 'POST'),
  path: param('path', 'request path', '/path/to/resource'),
  query: param('query', 'query string without the leading ?', 'foo=bar'),
  headers: param('headers', 'extra request headers as a JSON object', '{}'),
  body: param('text', 'request body (any text; JSON for most APIs)', '{"test":"body"}'),
};

export interface QueryMaps {
  readonly single: Record<string, string>;
  readonly multi: Record<string, string[]>;
}

/** Last value wins in the single map, as API Gateway does; every value is kept in the multi map. */
export function queryMaps(query: string): QueryMaps {
  // A Map first: a parameter named "__proto__" must stay a parameter.
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query))
    values.set(name, [...(values.get(name) ?? []), value]);
  return {
    single: Object.fromEntries([...values].map(([name, all]) => [name, all[all.length - 1]!])),
    multi: Object.fromEntries(values),
  };
}

/** What the service in front of the function adds to the client's headers, and how it writes them. */
export interface FrontEnd {
  /** Header names as curl writes them (Host, User-Agent), where the payload keeps the client's case. */
  readonly titleCase?: boolean;
  /** Headers added or replaced (an edge-optimized API's CloudFront headers). */
  readonly added?: Record<string, string>;
}

/**
 * Default headers a client sends and the trace id and forwarding headers the front end adds, then
 * the user's (already checked to be a JSON object of strings), which keep the case they were given.
 */
export function requestHeaders(
  host: string,
  extra: string,
  body: string,
  g: EventGeneration,
  front: FrontEnd = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    accept: '*/*',
    host,
    'user-agent': 'curl/8.5.0',
    'x-amzn-trace-id': traceId(g),
    'x-forwarded-for': '127.0.0.1',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
  if (body)
    headers['content-type'] =
      body.trimStart().startsWith('{') || body.trimStart().startsWith('[')
        ? 'application/json'
        : 'text/plain';
  return {
    ...(front.titleCase ? titleCaseKeys(headers) : headers),
    ...front.added,
    ...(JSON.parse(extra) as Record<string, string>),
  };
}

/** An X-Ray trace header as AWS front ends add it: the epoch seconds in hex, then 96 random bits. */
export function traceId(g: EventGeneration): string {
  return `Root=1-${g.epochSeconds().toString(16).padStart(8, '0')}-${g.hex(24)}`;
}

function titleCaseKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map).map(([k, v]) => [
      k.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()),
      v,
    ]),
  );
}

export function multiValue(map: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, [v]]));
}

export function lowerCaseKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
}
