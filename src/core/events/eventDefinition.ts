// What a catalog entry is: the parameters a UI prompts for, and a build function that turns their
// values into the event. Parameters are keyed by name, so `build` sees exactly the names it
// declared (the compiler catches a typo), and the result type is whatever `build` returns, which
// each entry pins to its @types/aws-lambda type with `satisfies`.
import type { EventGeneration } from './eventGeneration';

export type ParameterKind =
  | 'text'
  | 'account'
  | 'region'
  | 'partition'
  | 'json'
  | 'jsonObject'
  | 'integer'
  | 'httpMethod'
  | 'path'
  | 'query'
  | 'headers'
  | 'bucket'
  | 'resourceName'
  | 'choice';

export interface EventParameter {
  readonly description: string;
  readonly default: string;
  readonly kind: ParameterKind;
  /** For kind `choice`: the accepted values. */
  readonly choices?: readonly string[];
}

export type ParameterValues<P> = { readonly [K in keyof P]: string };

export interface EventDefinition<
  P extends Record<string, EventParameter> = Record<string, EventParameter>,
  T = unknown,
> {
  readonly service: string;
  readonly event: string;
  readonly description: string;
  readonly parameters: P;
  /** Method syntax on purpose: any entry is then an EventDefinition, whatever its parameters. */
  build(values: ParameterValues<P>, g: EventGeneration): T;
}

/** Keeps the parameter names and the result type of one entry for the compiler. */
export function defineEvent<P extends Record<string, EventParameter>, T>(
  definition: EventDefinition<P, T>,
): EventDefinition<P, T> {
  return definition;
}
