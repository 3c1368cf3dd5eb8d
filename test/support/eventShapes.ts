// An event's shape: every key path with its JSON type, values left out. Two events have the same
// shape when these sets are equal; arrays are one path (`[]`) whatever their length, so a list of
// three records and a list of one compare alike, and an empty list shows as `array` with nothing
// under it.

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return t;
  return 'object';
}

/**
 * Members whose keys are data, not structure (header names, query parameters, slot names …):
 * with `maps`, their keys read `*`, so two events compare by what the map holds, not by which
 * headers a sample happened to send.
 */
export const MAP_MEMBERS: ReadonlySet<string> = new Set([
  'headers',
  'multiValueHeaders',
  'queryStringParameters',
  'multiValueQueryStringParameters',
  'pathParameters',
  'stageVariables',
  'claims',
  'slots',
  'resolvedSlots',
  'sessionAttributes',
  'requestAttributes',
  'attributes',
  'stash',
  'arguments',
  'variables',
]);

/** `path: type` lines, sorted; the root is `$`. */
export function shapeOf(value: unknown, maps: ReadonlySet<string> = new Set()): string[] {
  const lines = new Set<string>();
  const walk = (v: unknown, path: string, member: string): void => {
    lines.add(`${path}: ${typeOf(v)}`);
    if (Array.isArray(v)) for (const item of v) walk(item, `${path}[]`, member);
    else if (v !== null && typeof v === 'object')
      for (const [k, child] of Object.entries(v))
        walk(child, `${path}.${maps.has(member) ? '*' : k}`, k);
  };
  walk(value, '$', '');
  return [...lines].sort();
}

export interface ShapeDifference {
  /** In the reference (SAM's template) only. */
  readonly missing: string[];
  /** In ours only. */
  readonly extra: string[];
}

export function compareShapes(
  ours: readonly string[],
  reference: readonly string[],
): ShapeDifference {
  const o = new Set(ours);
  const r = new Set(reference);
  return { missing: reference.filter((l) => !o.has(l)), extra: ours.filter((l) => !r.has(l)) };
}

/** The lines of one shape at or under `path` (for a path a test names). */
export function under(shape: readonly string[], path: string): string[] {
  return shape.filter(
    (l) => l.startsWith(`${path}:`) || l.startsWith(`${path}.`) || l.startsWith(`${path}[]`),
  );
}
