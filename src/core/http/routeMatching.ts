// Which API route a request reaches, as API Gateway chooses: the most specific match first. Path
// segments compare left to right, a literal beating a `{param}` and a `{param}` beating the
// greedy `{proxy+}` (which matches one segment or more and only ends a path); for the same path a
// named method beats ANY; an HTTP API's `$default` route catches what nothing else matched.

export interface RouteKey {
  /** Upper-case method, or ANY. */
  readonly method: string;
  /** `/items/{id}`, `/{proxy+}`, or `$default`. */
  readonly path: string;
}

export interface RouteMatch<R extends RouteKey> {
  readonly route: R;
  /** Decoded values of the path's `{name}` and `{name+}` segments; empty when it has none. */
  readonly pathParameters: Record<string, string>;
}

type Segment =
  { readonly kind: 0; readonly text: string } | { readonly kind: 1 | 2; readonly name: string };

interface Compiled<R> {
  readonly route: R;
  readonly segments: readonly Segment[];
  readonly catchAll: boolean;
  readonly anyMethod: boolean;
}

/** A route path that cannot be served, said so that the template can be fixed. */
export function routePathProblem(path: string): string | undefined {
  if (path === '$default') return undefined;
  if (!path.startsWith('/')) return `the path "${path}" must start with "/"`;
  const parts = splitPath(path);
  for (const [i, part] of parts.entries()) {
    if (/^\{[^{}]+\+\}$/.test(part) && i !== parts.length - 1)
      return `the greedy "${part}" must be the path's last segment`;
    if (/[{}]/.test(part) && !/^\{[A-Za-z0-9_.-]+\+?\}$/.test(part))
      return `"${part}" is not a path segment API Gateway accepts (a literal, {name} or {name+})`;
  }
  return undefined;
}

function splitPath(path: string): string[] {
  const parts = path.split('/').slice(1);
  // "/items/" is "/items": API Gateway does not route on a trailing slash.
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function compile<R extends RouteKey>(route: R): Compiled<R> {
  const segments: Segment[] =
    route.path === '$default'
      ? []
      : splitPath(route.path).map((part) => {
          const param = /^\{([^{}]+?)(\+?)\}$/.exec(part);
          if (!param) return { kind: 0, text: part };
          return { kind: param[2] ? 2 : 1, name: param[1]! };
        });
  return {
    route,
    segments,
    catchAll: route.path === '$default',
    anyMethod: route.method === 'ANY',
  };
}

/** Negative when `a` is the more specific route. */
function specificity(a: Compiled<unknown>, b: Compiled<unknown>): number {
  if (a.catchAll !== b.catchAll) return a.catchAll ? 1 : -1;
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const difference = a.segments[i]!.kind - b.segments[i]!.kind;
    if (difference !== 0) return difference;
  }
  if (a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
  return Number(a.anyMethod) - Number(b.anyMethod);
}

function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Routes ordered once; `match` is then a scan in that order. */
export class RouteTable<R extends RouteKey> {
  private readonly compiled: Compiled<R>[];

  constructor(routes: readonly R[]) {
    this.compiled = routes.map(compile).sort(specificity);
  }

  /** The routes, most specific first (the order requests are matched in). */
  get ordered(): R[] {
    return this.compiled.map((c) => c.route);
  }

  /** `path` is the request's path, still percent-encoded, without its query; `method` undefined: any route of the path. */
  match(method: string | undefined, path: string): RouteMatch<R> | undefined {
    const parts = splitPath(path.startsWith('/') ? path : `/${path}`);
    for (const candidate of this.compiled) {
      if (
        method !== undefined &&
        !candidate.anyMethod &&
        candidate.route.method !== method.toUpperCase()
      )
        continue;
      if (candidate.catchAll) return { route: candidate.route, pathParameters: {} };
      const parameters = matchSegments(candidate.segments, parts);
      if (parameters) return { route: candidate.route, pathParameters: parameters };
    }
    return undefined;
  }
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === 2) {
      // Greedy: one segment or more, the rest of the path.
      if (i >= parts.length) return undefined;
      parameters[segment.name] = parts.slice(i).map(decodeSegment).join('/');
      return { ...parameters };
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 0) {
      if (decodeSegment(part) !== segment.text) return undefined;
    } else {
      if (part === '') return undefined;
      parameters[segment.name] = decodeSegment(part);
    }
  }
  return segments.length === parts.length ? { ...parameters } : undefined;
}
