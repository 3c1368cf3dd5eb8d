// What a memory tuning run does: which sizes, how many invocations of each (the first cold, the
// rest warm, C at a time), and how the winner is chosen. Checked here once, for the CLI and the
// editor alike; every problem is said in words that name the option.
import { MEMORY_MAX_MB, MEMORY_MIN_MB } from '../limits';

export type TuneStrategy = 'cost' | 'speed' | 'balanced';
export const TUNE_STRATEGIES: readonly TuneStrategy[] = ['cost', 'speed', 'balanced'];

/** Power Tuning's usual set, with 1,769 MB (one full vCPU). */
export const DEFAULT_TUNE_SIZES_MB: readonly number[] = [128, 256, 512, 1024, 1769];
export const DEFAULT_TUNE_INVOCATIONS = 10;
/** Bounds that keep a run (and its bill) within reason: each size is a version and an alias. */
export const MAX_TUNE_SIZES = 20;
export const MAX_TUNE_INVOCATIONS = 1000;
export const MAX_TUNE_CONCURRENCY = 100;

/** The temporary alias of a size: a name no user alias is likely to bear, and that says what it is. */
export const TUNE_ALIAS_PREFIX = 'lambda-lens-tune-';
/** The description of the temporary versions and aliases, so that a leftover one is recognisable. */
export const TUNE_DESCRIPTION = 'lambda-lens tune (temporary: deleted when the run ends)';

export function tuneAliasName(memoryMB: number): string {
  return `${TUNE_ALIAS_PREFIX}${memoryMB}`;
}

export interface TunePlan {
  readonly sizesMB: readonly number[];
  readonly invocations: number;
  readonly concurrency: number;
  readonly strategy: TuneStrategy;
}

export interface TunePlanInput {
  /** "128,256,512" or numbers. */
  readonly sizes?: string | readonly number[];
  readonly invocations?: number | string;
  readonly concurrency?: number | string;
  readonly strategy?: string;
}

export type TunePlanCheck =
  | { readonly ok: true; readonly plan: TunePlan }
  | { readonly ok: false; readonly problems: readonly string[] };

export function checkTunePlan(input: TunePlanInput): TunePlanCheck {
  const problems: string[] = [];
  const sizes = memorySizes(input.sizes ?? DEFAULT_TUNE_SIZES_MB, problems);
  const invocations = wholeNumber(
    'invocations',
    input.invocations ?? DEFAULT_TUNE_INVOCATIONS,
    1,
    MAX_TUNE_INVOCATIONS,
    problems,
  );
  const concurrency = wholeNumber(
    'concurrency',
    input.concurrency ?? 1,
    1,
    MAX_TUNE_CONCURRENCY,
    problems,
  );
  const strategy = input.strategy ?? 'balanced';
  if (!(TUNE_STRATEGIES as readonly string[]).includes(strategy))
    problems.push(`strategy must be one of ${TUNE_STRATEGIES.join(', ')}, not "${strategy}"`);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    plan: {
      sizesMB: sizes,
      invocations,
      concurrency: Math.min(concurrency, invocations),
      strategy: strategy as TuneStrategy,
    },
  };
}

function memorySizes(given: string | readonly number[], problems: string[]): number[] {
  const items =
    typeof given === 'string' ? given.split(',').map((s) => s.trim()) : given.map(String);
  const sizes: number[] = [];
  for (const item of items) {
    const value = Number(item);
    if (item === '' || !Number.isInteger(value) || value < MEMORY_MIN_MB || value > MEMORY_MAX_MB) {
      problems.push(
        `memory "${item}" is not a size Lambda accepts: a whole number of MB from ${MEMORY_MIN_MB} to ${MEMORY_MAX_MB}`,
      );
    } else if (!sizes.includes(value)) {
      sizes.push(value);
    }
  }
  if (items.length === 0 || (sizes.length === 0 && problems.length === 0))
    problems.push('memory needs at least one size, for example 128,256,512,1024,1769');
  if (sizes.length > MAX_TUNE_SIZES)
    problems.push(`memory lists ${sizes.length} sizes; at most ${MAX_TUNE_SIZES}`);
  return sizes.sort((a, b) => a - b);
}

function wholeNumber(
  name: string,
  given: number | string,
  min: number,
  max: number,
  problems: string[],
): number {
  const value = typeof given === 'number' ? given : given.trim() === '' ? NaN : Number(given);
  if (!Number.isInteger(value) || value < min || value > max)
    problems.push(`${name} must be a whole number from ${min} to ${max}, not "${given}"`);
  return value;
}

/**
 * The invocations of one size, as batches run one after another: the first alone (a new version's
 * first invoke starts a new environment: cold), then the rest `concurrency` at a time (warm, as
 * long as the environments of earlier batches are free again).
 */
export function invocationBatches(plan: Pick<TunePlan, 'invocations' | 'concurrency'>): number[] {
  const batches = [1];
  for (let left = plan.invocations - 1; left > 0; left -= plan.concurrency)
    batches.push(Math.min(plan.concurrency, left));
  return batches;
}
