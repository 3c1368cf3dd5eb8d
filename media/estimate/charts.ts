// The panel's charts, drawn by uPlot on canvas: Power Tuning (cost and duration against memory,
// modelled, and measured by a tuning run), the duration histogram (log time axis, cold starts apart) and cold against warm. Each
// has axes with units and ticks, a tooltip and its series in the theme's chart colours; the page's
// tables carry the same figures for screen readers. uPlot styles its elements through CSSOM only,
// which the panel's Content-Security-Policy (no inline styles) allows.
import uPlot from 'uplot';
import type { EstimatePanelModel } from '../../src/core/estimate/panelModel';
import type { TuningPanelModel } from '../../src/core/estimate/tuningModel';
import { withAlpha, type ChartTheme } from './chartTheme';

export const CHART_HEIGHT = 240;
/** Room above and right of the plot for the top tick label and the last x label (never clipped). */
const PADDING: uPlot.Padding = [14, 40, 0, 0];

const usd = (v: number) =>
  `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const ms = (v: number) => `${v.toLocaleString('en-US', { maximumSignificantDigits: 3 })} ms`;
const number = (v: number) =>
  Math.abs(v) >= 1000
    ? Math.round(v).toLocaleString('en-US')
    : v.toLocaleString('en-US', { maximumSignificantDigits: 4 });
/** At most this many labelled ticks on the histogram's duration axis. */
const HISTOGRAM_TICKS = 6;

/** Tick labels; uPlot leaves a null where a split has no label. */
const ticks = (format: (v: number) => string) => (_u: uPlot, splits: (number | null)[]) =>
  splits.map((v) => (v === null || v === undefined ? '' : format(v)));

/** Text widths by font and text: the axes measure the same labels in each sizing pass. */
const widths = new Map<string, number>();

/** An axis as wide as its longest tick label, so "$137.33" is never cut to "137.33". */
function fittedSize(
  self: uPlot,
  values: string[] | null,
  axisIdx: number,
  cycleNum: number,
): number {
  const axis = self.axes[axisIdx]!;
  if (cycleNum > 1) return (axis as unknown as { _size: number })._size;
  const longest = (values ?? []).reduce((a, v) => (v.length > a.length ? v : a), '');
  const font = (axis.font as unknown as string[])[0] ?? self.ctx.font;
  const key = `${font}\n${longest}`;
  let width = widths.get(key);
  if (width === undefined) {
    self.ctx.font = font;
    width = self.ctx.measureText(longest).width / devicePixelRatio;
    widths.set(key, width);
  }
  return Math.ceil((axis.ticks?.size ?? 10) + (axis.gap ?? 5) + width + 4);
}

function axis(
  theme: ChartTheme,
  label: string,
  values: uPlot.Axis['values'],
  extra: Partial<uPlot.Axis> = {},
): uPlot.Axis {
  return {
    label,
    values,
    stroke: theme.foreground,
    font: theme.font,
    labelFont: theme.axisFont,
    labelSize: 20,
    grid: { stroke: withAlpha(theme.grid, 0.35), width: 1 },
    ticks: { stroke: theme.foreground, width: 1, size: 5 },
    size: fittedSize,
    ...extra,
  };
}

/** The cost-and-duration-against-memory charts (estimated and measured): log memory, cost from 0, log durations. */
const MEMORY_SCALES: uPlot.Scales = {
  x: { time: false, distr: 3, log: 2 },
  usd: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
  ms: { distr: 3 },
};

const MEMORY_SERIES: uPlot.Series = {
  label: 'Memory',
  value: (_u, v) => (v === null ? '–' : `${number(v)} MB`),
};

/** A marker alone, no line between points. */
const noLine = () => null;

function memoryAxes(
  theme: ChartTheme,
  costTitle: string,
  cost: (v: number) => string,
): uPlot.Axis[] {
  return [
    axis(theme, 'Memory (MB)', ticks(number)),
    axis(theme, costTitle, ticks(cost), { scale: 'usd' }),
    axis(theme, 'Duration (ms, log)', ticks(ms), { scale: 'ms', side: 1, grid: { show: false } }),
  ];
}

function costSeries(theme: ChartTheme, label: string, cost: (v: number) => string): uPlot.Series {
  return {
    label,
    scale: 'usd',
    stroke: theme.cost,
    width: 2,
    points: { size: 6, fill: theme.cost },
    value: (_u, v) => (v === null || v === undefined ? '–' : cost(v)),
  };
}

function recommendedSeries(
  theme: ChartTheme,
  label: string,
  cost: (v: number) => string,
): uPlot.Series {
  return {
    label,
    scale: 'usd',
    stroke: theme.recommended,
    fill: theme.recommended,
    width: 2,
    paths: noLine,
    points: { show: true, size: 14, fill: theme.recommended },
    value: (_u, v) => (v === null || v === undefined ? '' : cost(v)),
  };
}

/** A tooltip that follows the cursor with what `describe` says of the point under it. */
function tooltip(describe: (u: uPlot, idx: number) => string): uPlot.Plugin {
  let box: HTMLDivElement;
  return {
    hooks: {
      init: (u) => {
        box = document.createElement('div');
        box.className = 'chart-tooltip';
        box.setAttribute('role', 'tooltip');
        box.hidden = true;
        u.over.append(box);
      },
      setCursor: (u) => {
        const { idx, left, top } = u.cursor;
        if (idx === null || idx === undefined || left === undefined || left < 0) {
          box.hidden = true;
          return;
        }
        box.textContent = describe(u, idx);
        box.hidden = false;
        const room = u.over.clientWidth - box.offsetWidth;
        box.style.left = `${Math.max(0, Math.min(room, left + 12))}px`;
        box.style.top = `${Math.max(0, (top ?? 0) - box.offsetHeight - 8)}px`;
      },
    },
  };
}

function make(options: uPlot.Options, data: uPlot.AlignedData, label: string): HTMLElement {
  const holder = document.createElement('div');
  holder.className = 'chart';
  // No axis here is a time axis: no date formatters to build (uPlot makes them for every chart otherwise).
  const plot = new uPlot(
    { padding: PADDING, legend: { live: true }, fmtDate: () => () => '', ...options },
    data,
    holder,
  );
  // The canvas is a picture: its words are the table beside it.
  plot.ctx.canvas.setAttribute('role', 'img');
  plot.ctx.canvas.setAttribute('aria-label', label);
  return holder;
}

/** Power Tuning: monthly cost and duration against memory on one picture, the recommended and current sizes marked. */
export function powerTuningChart(
  model: EstimatePanelModel,
  theme: ChartTheme,
  width: number,
): HTMLElement {
  const { points, durationPoints, recommendedMB, currentMB, table } = model.costByMemory;
  const memory = points.map((p) => p.x);
  const cost = points.map((p) => p.y);
  const duration = durationPoints.map((p) => p.y);
  const only = (mb: number) => points.map((p) => (p.x === mb ? p.y : null));
  return make(
    {
      width,
      height: CHART_HEIGHT,
      scales: MEMORY_SCALES,
      axes: memoryAxes(theme, 'Monthly cost (USD)', usd),
      series: [
        MEMORY_SERIES,
        costSeries(theme, 'Monthly cost', usd),
        {
          label: 'Duration',
          scale: 'ms',
          stroke: theme.duration,
          width: 2,
          dash: [6, 4],
          points: { size: 6, fill: theme.duration },
          value: (_u, v) => (v === null ? '–' : ms(v)),
        },
        recommendedSeries(theme, `Recommended: ${recommendedMB} MB (cheapest)`, usd),
        {
          label: `Now: ${currentMB} MB`,
          scale: 'usd',
          stroke: theme.current,
          width: 2,
          paths: noLine,
          points: { show: true, size: 11, fill: 'transparent', stroke: theme.current, width: 2 },
          value: (_u, v) => (v === null ? '' : usd(v)),
        },
      ],
      plugins: [
        tooltip(
          (_u, i) =>
            `${memory[i]} MB: ${usd(cost[i]!)} a month, ${ms(duration[i]!)}${memory[i] === recommendedMB ? ' (recommended)' : ''}${memory[i] === currentMB ? ' (now)' : ''}`,
        ),
      ],
    },
    [memory, cost, duration, only(recommendedMB), only(currentMB)],
    table.caption,
  );
}

/** The durations' histogram on a log time axis: each bin a step from its lower to its upper edge. */
export function durationHistogram(
  model: EstimatePanelModel,
  theme: ChartTheme,
  width: number,
): HTMLElement {
  const { bins, edgesMs, edgeLabels, table } = model.durations;
  // A log axis has no 0: a 0 ms duration is drawn at the REPORT line's resolution.
  const edges = edgesMs.map((e) => Math.max(e, 0.01));
  const counts = (series: string) => {
    const values: (number | null)[] = bins.map(
      (b) => b.values.find((v) => v.series === series)?.value ?? 0,
    );
    return [...values, values.at(-1) ?? null];
  };
  const step = uPlot.paths.stepped!({ align: 1 });
  const last = edges.length - 1;
  const tickEdges = [
    ...new Set(
      Array.from(
        { length: Math.min(HISTOGRAM_TICKS, edges.length) },
        (_v, i) =>
          edges[Math.round((i * last) / Math.max(1, Math.min(HISTOGRAM_TICKS, edges.length) - 1))]!,
      ),
    ),
  ];
  const low = edges[0] ?? 0.01;
  const high = Math.max(edges.at(-1) ?? 1, low * 1.01);
  return make(
    {
      width,
      height: CHART_HEIGHT,
      scales: {
        x: { time: false, distr: 3, range: () => [low, high] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      axes: [
        // Ticks at bin edges, labelled as the table labels them (distinct however narrow the bins).
        axis(
          theme,
          'Duration (ms, log)',
          (_u, splits) =>
            splits.map((v) => (v === null ? '' : `${edgeLabels[edges.indexOf(v)] ?? ''} ms`)),
          { splits: () => tickEdges, filter: (_u, splits) => splits },
        ),
        axis(
          theme,
          'Invocations',
          ticks((v) => (Number.isInteger(v) ? number(v) : '')),
        ),
      ],
      series: [
        { label: 'Duration', value: (_u, v) => (v === null ? '–' : ms(v)) },
        {
          label: 'Warm',
          stroke: theme.warm,
          fill: withAlpha(theme.warm, 0.25),
          width: 2,
          paths: step,
          points: { show: false },
        },
        {
          label: 'Cold',
          stroke: theme.cold,
          fill: withAlpha(theme.cold, 0.25),
          width: 2,
          paths: step,
          points: { show: false },
        },
      ],
      plugins: [
        tooltip((_u, i) => {
          const bin = bins[Math.min(i, bins.length - 1)];
          return bin
            ? `${bin.label}: ${bin.values.map((v) => `${v.series} ${number(v.value)}`).join(', ')}`
            : '';
        }),
      ],
    },
    [edges, counts('warm'), counts('cold')],
    table.caption,
  );
}

/** Cold against warm at p50, p90 and p99, on a log duration axis with both series labelled. */
export function coldWarmChart(
  model: EstimatePanelModel,
  theme: ChartTheme,
  width: number,
): HTMLElement {
  const { groups, table } = model.coldVsWarm;
  const names = ['p50', 'p90', 'p99'];
  const seriesOf = (label: string) =>
    names.map(
      (n) =>
        groups.find((g) => g.label.startsWith(label))?.values.find((v) => v.series === n)?.value ??
        null,
    );
  const warm = seriesOf('warm');
  const cold = seriesOf('cold');
  return make(
    {
      width,
      height: CHART_HEIGHT,
      scales: { x: { time: false, range: () => [-0.3, 2.3] }, y: { distr: 3 } },
      axes: [
        axis(
          theme,
          'Percentile',
          ticks((v) => names[v] ?? ''),
          { splits: () => [0, 1, 2], grid: { show: false } },
        ),
        axis(theme, 'Duration (ms, log)', ticks(ms)),
      ],
      series: [
        { label: 'Percentile', value: (_u, v) => (v === null ? '–' : (names[v] ?? '')) },
        {
          label: 'Warm',
          stroke: theme.warm,
          width: 2,
          points: { size: 9, fill: theme.warm },
          value: (_u, v) => (v === null ? '–' : ms(v)),
        },
        {
          label: 'Cold (init + handler)',
          stroke: theme.cold,
          width: 2,
          points: { size: 9, fill: theme.cold },
          value: (_u, v) => (v === null ? '–' : ms(v)),
        },
      ],
      plugins: [
        tooltip(
          (_u, i) =>
            `${names[i]}: warm ${warm[i] === null ? '–' : ms(warm[i]!)}, cold ${cold[i] === null ? '–' : ms(cold[i]!)}`,
        ),
      ],
    },
    [[0, 1, 2], warm, cold],
    table.caption,
  );
}

/**
 * Power Tuning's picture from a tuning run's measurements: cost per 1M invocations and the warm
 * p50/p90/p99 and cold p50 durations against memory, the recommended size marked. Sizes that were
 * not fully measured keep their figures, and the table beside the chart says so.
 */
export function measuredTuningChart(
  tuning: TuningPanelModel,
  theme: ChartTheme,
  width: number,
): HTMLElement {
  const { sizes, recommendedMB } = tuning;
  const memory = sizes.map((s) => s.memoryMB);
  const cost = sizes.map((s) => s.costPer1MUsd);
  const usdPrecise = (v: number) =>
    `$${v.toLocaleString('en-US', { maximumSignificantDigits: 3 })}`;
  const figure = (v: number | null | undefined, format: (n: number) => string) =>
    v === null || v === undefined ? '–' : format(v);
  return make(
    {
      width,
      height: CHART_HEIGHT,
      scales: MEMORY_SCALES,
      axes: memoryAxes(theme, 'Cost per 1M (USD)', usdPrecise),
      series: [
        MEMORY_SERIES,
        costSeries(theme, 'Cost per 1M', usdPrecise),
        // Durations in the duration colour (the warm one is the cost's blue in VS Code's themes), cold apart.
        {
          label: 'Warm p50',
          scale: 'ms',
          stroke: theme.duration,
          width: 2,
          points: { size: 6, fill: theme.duration },
          value: (_u, v) => figure(v, ms),
        },
        {
          label: 'Warm p90',
          scale: 'ms',
          stroke: withAlpha(theme.duration, 0.75),
          width: 1,
          dash: [4, 3],
          points: { size: 4 },
          value: (_u, v) => figure(v, ms),
        },
        {
          label: 'Warm p99',
          scale: 'ms',
          stroke: withAlpha(theme.duration, 0.55),
          width: 1,
          dash: [2, 3],
          points: { size: 4 },
          value: (_u, v) => figure(v, ms),
        },
        {
          label: 'Cold p50',
          scale: 'ms',
          stroke: theme.cold,
          width: 2,
          dash: [6, 4],
          points: { size: 6, fill: theme.cold },
          value: (_u, v) => figure(v, ms),
        },
        recommendedSeries(
          theme,
          recommendedMB === null
            ? 'No size recommended'
            : `Recommended: ${recommendedMB} MB (${tuning.strategy})`,
          usdPrecise,
        ),
      ],
      plugins: [
        tooltip((_u, i) => {
          const s = sizes[i];
          return s
            ? `${s.memoryMB} MB: ${figure(s.costPer1MUsd, usdPrecise)} per 1M, warm p50 ${figure(s.warmP50Ms, ms)}, cold p50 ${figure(s.coldP50Ms, ms)}${s.memoryMB === recommendedMB ? ' (recommended)' : ''}${s.incomplete ? ' (not all measured)' : ''}`
            : '';
        }),
      ],
    },
    [
      memory,
      cost,
      sizes.map((s) => s.warmP50Ms),
      sizes.map((s) => s.warmP90Ms),
      sizes.map((s) => s.warmP99Ms),
      sizes.map((s) => s.coldP50Ms),
      sizes.map((s) => (s.memoryMB === recommendedMB ? s.costPer1MUsd : null)),
    ],
    tuning.table.caption,
  );
}
