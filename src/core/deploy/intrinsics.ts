// CloudFormation intrinsic functions in a template: the short YAML tags (`!Ref`, `!Sub`, …) read
// into their long JSON form, and the few we can resolve without a stack (a parameter's Default,
// a `!Sub` or `!Join` of such values). Anything else is reported as unresolved, never guessed.
import type { Tags } from 'yaml';
import { DEPLOY_TIME_PSEUDO_PARAMETERS } from './pseudoParameters';

/** Short tag → long form key. `!Ref` and `!Condition` have no `Fn::` prefix. */
const INTRINSICS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'If',
  'Select',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Split',
  'Equals',
  'Not',
  'And',
  'Or',
  'Condition',
  'GetAZs',
  'Cidr',
] as const;

function longName(short: string): string {
  return short === 'Ref' || short === 'Condition' ? short : `Fn::${short}`;
}

/** Custom tags for the `yaml` package: each short tag as a scalar, a sequence or a mapping. */
export function cloudFormationTags(): Tags {
  const tags: Tags = [];
  for (const short of INTRINSICS) {
    const key = longName(short);
    // `!GetAtt Resource.Attribute` is the scalar form of ["Resource", "Attribute"].
    tags.push({
      tag: `!${short}`,
      resolve: (value: string) => ({ [key]: short === 'GetAtt' ? splitGetAtt(value) : value }),
    });
    for (const collection of ['seq', 'map'] as const) {
      tags.push({
        tag: `!${short}`,
        collection,
        resolve(node) {
          // The node stays a YAML collection; only its plain-JS form is wrapped in the long form.
          const toJSON = node.toJSON.bind(node);
          node.toJSON = (arg?: unknown, ctx?: unknown) => ({
            [key]: (toJSON as (a?: unknown, c?: unknown) => unknown)(arg, ctx),
          });
          return node;
        },
      });
    }
  }
  return tags;
}

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/** The intrinsic's long name when `value` is one (`{ "Ref": … }`, `{ "Fn::Sub": … }`). */
export function intrinsicName(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** How a user would have written it, for messages: `!Ref Table`, `!GetAtt Table.Arn`, `!Sub "…"`. */
export function describeIntrinsic(value: unknown): string {
  const name = intrinsicName(value);
  if (!name) return JSON.stringify(value);
  const argument = (value as Record<string, unknown>)[name];
  const short = `!${name.replace(/^Fn::/, '')}`;
  if (name === 'Fn::GetAtt' && Array.isArray(argument)) return `${short} ${argument.join('.')}`;
  if (typeof argument === 'string')
    return `${short} ${name === 'Fn::Sub' ? JSON.stringify(argument) : argument}`;
  const shown = JSON.stringify(argument);
  return `${short} ${shown.length > 80 ? `${shown.slice(0, 77)}…` : shown}`;
}

export type Resolved =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly expression: string };

/** Values a template's own Parameters give without a stack: their Default. */
export type ParameterDefaults = ReadonlyMap<string, string | number | boolean>;

/**
 * Replaces intrinsics we can evaluate without CloudFormation; the first one we cannot is returned
 * as `{ ok: false }` so the caller names it in its message.
 */
export function resolveIntrinsics(
  value: unknown,
  parameters: ParameterDefaults,
  options: ResolveOptions = {},
): Resolved {
  const name = intrinsicName(value);
  if (name)
    return resolveOne(name, (value as Record<string, unknown>)[name], value, parameters, options);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const r = resolveIntrinsics(item, parameters, options);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolveIntrinsics(v, parameters, options);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}

export interface ResolveOptions {
  /**
   * Keep `${AWS::Region}` and the other pseudo parameters a deploy knows (pseudoParameters.ts) as
   * written, for the deploy to fill in for its target.
   */
  readonly deployTimePseudo?: boolean;
}

function resolveOne(
  name: string,
  argument: unknown,
  whole: unknown,
  parameters: ParameterDefaults,
  options: ResolveOptions,
): Resolved {
  const unresolved: Resolved = { ok: false, expression: describeIntrinsic(whole) };
  const parameterValue = (variable: string) =>
    options.deployTimePseudo && DEPLOY_TIME_PSEUDO_PARAMETERS.has(variable)
      ? `\${${variable}}`
      : parameters.get(variable);
  if (name === 'Ref' && typeof argument === 'string') {
    const found = parameterValue(argument);
    return found === undefined ? unresolved : { ok: true, value: found };
  }
  if (name === 'Fn::Sub' && typeof argument === 'string') {
    let failed = false;
    const text = argument
      .replace(/\$\{([^}!][^}]*)\}/g, (_, variable: string) => {
        const found = parameterValue(variable.trim());
        if (found === undefined) failed = true;
        return String(found ?? '');
      })
      .replace(/\$\{!/g, '${');
    return failed ? unresolved : { ok: true, value: text };
  }
  if (
    name === 'Fn::Join' &&
    Array.isArray(argument) &&
    argument.length === 2 &&
    typeof argument[0] === 'string'
  ) {
    const parts = resolveIntrinsics(argument[1], parameters, options);
    if (!parts.ok) return unresolved;
    if (!Array.isArray(parts.value) || parts.value.some((p) => typeof p === 'object'))
      return unresolved;
    return { ok: true, value: parts.value.join(argument[0]) };
  }
  return unresolved;
}
