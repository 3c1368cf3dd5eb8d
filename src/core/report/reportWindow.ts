// The span of logs a report reads: the last hour, day or week, any other "last N minutes, hours,
// days or weeks", or a custom range. One reading of what users type (CLI) or pick (the panel).
export type PresetWindow = '1h' | '24h' | '7d';
export type ReportWindow = PresetWindow | { readonly startMs: number; readonly endMs: number };

const PRESETS: Readonly<Record<PresetWindow, { readonly ms: number; readonly label: string }>> = {
  '1h': { ms: 3600_000, label: 'last hour' },
  '24h': { ms: 24 * 3600_000, label: 'last 24 hours' },
  '7d': { ms: 7 * 24 * 3600_000, label: 'last 7 days' },
};
export const PRESET_WINDOWS = Object.keys(PRESETS) as readonly PresetWindow[];

export function isPresetWindow(text: unknown): text is PresetWindow {
  return typeof text === 'string' && Object.hasOwn(PRESETS, text);
}
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3600_000,
  d: 24 * 3600_000,
  w: 7 * 24 * 3600_000,
};
/** Ten years: CloudWatch Logs keeps nothing longer. */
export const MAX_WINDOW_MS = 3653 * 24 * 3600_000;

export const WINDOW_SYNTAX =
  '1h, 24h, 7d, any N followed by m, h, d or w (90m, 3d, 2w), or FROM..TO in ISO 8601 (2026-11-01..2026-11-08T12:00Z; TO may be left out for now)';

export function windowRange(
  window: ReportWindow,
  now = Date.now(),
): { startMs: number; endMs: number } {
  if (typeof window === 'string') return { startMs: now - PRESETS[window].ms, endMs: now };
  const problem = customWindowProblem(window.startMs, window.endMs);
  if (problem) throw new RangeError(problem);
  return { startMs: window.startMs, endMs: window.endMs };
}

/** Why a custom range cannot be read, or undefined when it can. */
export function customWindowProblem(startMs: unknown, endMs: unknown): string | undefined {
  if (
    typeof startMs !== 'number' ||
    typeof endMs !== 'number' ||
    !Number.isFinite(startMs) ||
    !Number.isFinite(endMs) ||
    startMs < 0
  )
    return 'a custom window needs a start and an end time';
  if (startMs >= endMs) return 'a custom window must start before it ends';
  if (endMs - startMs > MAX_WINDOW_MS) return 'a custom window can span at most ten years';
  return undefined;
}

/** What a user typed, as a window; throws RangeError with the accepted forms. */
export function parseReportWindow(text: string, now = Date.now()): ReportWindow {
  const given = text.trim();
  if (isPresetWindow(given)) return given;
  const relative = /^(\d{1,7})([mhdw])$/.exec(given);
  if (relative) {
    const span = Number(relative[1]) * UNIT_MS[relative[2]!]!;
    if (span <= 0 || span > MAX_WINDOW_MS)
      throw new RangeError(`"${given}" is not a window of logs: give from 1 minute to ten years`);
    return { startMs: now - span, endMs: now };
  }
  const range = /^(.+?)\.\.(.*)$/.exec(given);
  if (range) {
    const startMs = isoTime(range[1]!);
    const endMs = range[2]!.trim() === '' ? now : isoTime(range[2]!);
    const problem = customWindowProblem(startMs, endMs);
    if (problem) throw new RangeError(`"${given}": ${problem}`);
    return { startMs: startMs!, endMs: endMs! };
  }
  throw new RangeError(`"${given}" is not a window of logs: use ${WINDOW_SYNTAX}`);
}

/** "last 24 hours", "last 3 days", "2026-11-01 00:00 to 2026-11-08 12:00 UTC" */
export function describeWindow(window: ReportWindow): string {
  if (typeof window === 'string') return PRESETS[window].label;
  const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `${minute(window.startMs)} to ${minute(window.endMs)} UTC`;
}

/** Only full ISO 8601 dates or date-times: Date.parse also takes forms that differ by engine. */
function isoTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(trimmed))
    return undefined;
  // A date-time without a zone is read as UTC, as a date alone is: the same on every machine.
  const zoned =
    /T/.test(trimmed) && !/(Z|[+-]\d{2}:\d{2})$/.test(trimmed) ? `${trimmed}Z` : trimmed;
  const ms = Date.parse(zoned);
  return Number.isFinite(ms) ? ms : undefined;
}
