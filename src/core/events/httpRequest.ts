// The HTTP request shared by API Gateway, ALB and Function URL events: the parameters a user
// gives (method, path, query, headers, body) and the maps each integration derives from them.
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

/** Default headers a client sends, then the user's (already checked to be a JSON object of strings). */
export function requestHeaders(host: string, extra: string, body: string): Record<string, string> {
  const headers: Record<string, string> = {
    accept: '*/*',
    host,
    'user-agent': 'curl/8.5.0',
    'x-forwarded-for': '127.0.0.1',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
  if (body)
    headers['content-type'] =
      body.trimStart().startsWith('{') || body.trimStart().startsWith('[')
        ? 'application/json'
        : 'text/plain';
  return { ...headers, ...(JSON.parse(extra) as Record<string, string>) };
}

export function multiValue(map: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, [v]]));
}

export function lowerCaseKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
}
