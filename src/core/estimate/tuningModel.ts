// The estimate panel's view of a tuning run (core/tune): Power Tuning's picture drawn from measured
// figures — cost per 1M and cold and warm percentiles against memory, the recommended size marked —
// with the same figures as a table, the recommendation's reason and what was restored.
import { restoredLines } from '../tune/restoredText';
import type { TuneOutcome } from '../tune/tuneOutcome';
import { ms, usd, type PanelTable } from './panelModel';

export interface TunedSize {
  readonly memoryMB: number;
  readonly costPer1MUsd: number | null;
  readonly monthlyUsd: number | null;
  readonly warmP50Ms: number | null;
  readonly warmP90Ms: number | null;
  readonly warmP99Ms: number | null;
  readonly coldP50Ms: number | null;
  /** Some invocations failed or were not measured: never the recommendation. */
  readonly incomplete: boolean;
}

export interface TuningPanelModel {
  readonly title: string;
  readonly strategy: string;
  readonly recommendedMB: number | null;
  readonly reason: string;
  /** The function's memory size now (the one the run restored). */
  readonly currentMB: number;
  readonly sizes: readonly TunedSize[];
  readonly table: PanelTable;
  readonly restored: readonly string[];
  readonly stopped?: string;
  readonly notes: readonly string[];
}

export function tuningPanelModel(outcome: TuneOutcome): TuningPanelModel {
  const figure = (v: number | null) => (v === null ? '–' : ms(v));
  const money = (v: number | null) => (v === null ? '–' : usd(v));
  const asked = outcome.results[0]?.asked ?? 0;
  return {
    title: `Measured: ${outcome.results.length} size${outcome.results.length === 1 ? '' : 's'} × ${asked} invocations (${outcome.strategy})`,
    strategy: outcome.strategy,
    recommendedMB: outcome.recommendation.memoryMB,
    reason: outcome.recommendation.reason,
    currentMB: outcome.restored.memoryMB,
    sizes: outcome.results.map((r) => ({
      memoryMB: r.memoryMB,
      costPer1MUsd: r.costPer1MUsd,
      monthlyUsd: r.monthlyUsd,
      warmP50Ms: r.warm.p50Ms,
      warmP90Ms: r.warm.p90Ms,
      warmP99Ms: r.warm.p99Ms,
      coldP50Ms: r.cold.p50Ms,
      incomplete: !r.complete,
    })),
    table: {
      caption: 'Measured by memory size',
      columns: [
        'Memory',
        'Runs',
        'Errors',
        'Cold p50',
        'Warm p50',
        'Warm p90',
        'Warm p99',
        'Billed mean',
        'Max used',
        'Per 1M',
        'Per month',
      ],
      rows: outcome.results.map((r) => [
        `${r.memoryMB} MB${r.memoryMB === outcome.recommendation.memoryMB ? ' (recommended)' : ''}`,
        `${r.invocations}/${r.asked}`,
        String(r.errors),
        figure(r.cold.p50Ms),
        figure(r.warm.p50Ms),
        figure(r.warm.p90Ms),
        figure(r.warm.p99Ms),
        figure(r.billedMsMean),
        r.maxMemoryUsedMB === null ? '–' : `${r.maxMemoryUsedMB} MB`,
        money(r.costPer1MUsd),
        money(r.monthlyUsd),
      ]),
    },
    restored: restoredLines(outcome),
    ...(outcome.stopped ? { stopped: `Stopped: ${outcome.stopped.message}` } : {}),
    notes: [
      ...outcome.results.flatMap((r) => r.notes.map((n) => `${r.memoryMB} MB: ${n}`)),
      ...outcome.notes,
    ],
  };
}
