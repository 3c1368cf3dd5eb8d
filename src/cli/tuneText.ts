// `lambda-lens tune` as text: one row per size, the recommendation and its reason, and what was
// restored. Fewer invocations than asked show as "7/10"; a figure that is not there is "-".
import { restoredLines } from '../core/tune/restoredText';
import type { TuneOutcome } from '../core/tune/tuneOutcome';
import type { SizeResult } from '../core/tune/tuneStatistics';
import { ms, usd } from './summaryText';

const COLUMNS = [
  'memory',
  'runs',
  'errors',
  'cold p50',
  'warm p50',
  'warm p90',
  'warm p99',
  'billed mean',
  'max used',
  'per 1M',
  'per month',
];

export function tuneLines(outcome: TuneOutcome): string[] {
  const rows = outcome.results.map(row);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(COLUMNS), ...rows.map(line)];
  for (const r of outcome.results)
    for (const note of r.notes) out.push(`  ${r.memoryMB} MB: ${note}`);
  out.push('');
  if (outcome.stopped) out.push(`Stopped: ${outcome.stopped.message}`);
  const rec = outcome.recommendation;
  out.push(
    rec.memoryMB !== null
      ? `Recommended (${outcome.strategy}): ${rec.reason}`
      : `No recommendation (${outcome.strategy}): ${rec.reason}`,
  );
  out.push(...restoredLines(outcome));
  for (const note of outcome.notes) out.push(`Note: ${note}`);
  return out;
}

function row(r: SizeResult): string[] {
  const t = (v: number | null) => (v === null ? '-' : ms(v));
  const money = (v: number | null) => (v === null ? '-' : usd(v));
  return [
    `${r.memoryMB} MB`,
    `${r.invocations}/${r.asked}`,
    String(r.errors),
    t(r.cold.p50Ms),
    t(r.warm.p50Ms),
    t(r.warm.p90Ms),
    t(r.warm.p99Ms),
    t(r.billedMsMean),
    r.maxMemoryUsedMB === null ? '-' : `${r.maxMemoryUsedMB} MB`,
    money(r.costPer1MUsd),
    money(r.monthlyUsd),
  ];
}
