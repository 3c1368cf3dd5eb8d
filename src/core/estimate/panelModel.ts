// What the estimate panel shows, as plain data: every figure already formatted with its basis, the
// chart series and the tables that stand beside the charts for screen readers. The webview only
// renders this (text and canvas charts, never HTML from data), so all judgement lives here, in tested code.
import type { FunctionEstimate } from '../cost/functionEstimate';
import { discardedReportCount, discardedReportsBasis } from '../report/discardedReports';
import type { ReportSummary } from '../report/reportStats';
import type { ChartBin } from '../report/durationChart';
import { coldStartP50Text, MIN_OBSERVED_COLD_STARTS } from '../coldStart/mergeColdStart';
import { distinctEdgeLabels } from './durationLabels';
import type { TuningPanelModel } from './tuningModel';

export interface PanelFigure {
  readonly label: string;
  readonly value: string;
  readonly basis?: string;
}

export interface PanelTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface LinePoint {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}
export interface BarGroup {
  readonly label: string;
  readonly values: readonly { readonly series: string; readonly value: number }[];
}

export interface EstimatePanelModel {
  readonly title: string;
  readonly subtitle: string;
  /** What the figures rest on: observed data, what-if values, assumptions. */
  readonly basis: readonly string[];
  readonly headline: string;
  readonly observed: readonly PanelFigure[];
  readonly cost: readonly PanelFigure[];
  readonly costTable: PanelTable;
  readonly recommendation: readonly PanelFigure[];
  readonly breakEven?: PanelFigure;
  readonly timeoutTable?: PanelTable;
  /**
   * The Power Tuning picture: monthly cost (MB → USD) and duration (MB → ms) against memory size,
   * the current size and the recommended one (the cheapest) marked.
   */
  readonly costByMemory: {
    readonly points: readonly LinePoint[];
    readonly durationPoints: readonly LinePoint[];
    readonly currentMB: number;
    readonly recommendedMB: number;
    readonly table: PanelTable;
  };
  /** Histogram of durations, cold starts apart: bin i runs from edgesMs[i] to edgesMs[i + 1]. */
  readonly durations: {
    readonly bins: readonly BarGroup[];
    readonly edgesMs: readonly number[];
    readonly edgeLabels: readonly string[];
    readonly table: PanelTable;
  };
  /** Cold against warm: p50, p90, p99. */
  readonly coldVsWarm: { readonly groups: readonly BarGroup[]; readonly table: PanelTable };
  /** The what-if form's current values. */
  readonly whatIf: WhatIfValues;
  /** The last tuning run's measured figures (Tune Memory…), when there is one. */
  readonly tuning?: TuningPanelModel;
}

export interface WhatIfValues {
  readonly requestsPerMonth: number;
  readonly durationMs: number;
  readonly memoryMB: number;
  readonly architecture: 'x86_64' | 'arm64';
  readonly provisionedConcurrency: number;
  readonly serverMonthlyUsd?: number;
}

export interface PanelContext {
  readonly functionName: string;
  readonly where: string;
  readonly windowLabel: string;
  readonly events: number;
  readonly capped: boolean;
}

export function usd(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value !== 0 && Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function ms(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value >= 100
    ? `${Math.round(value).toLocaleString('en-US')} ms`
    : `${value.toFixed(1)} ms`;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (n: number) =>
  Number.isFinite(n) ? `${(n * 100).toFixed(n < 0.1 ? 2 : 1)} %` : '–';

/**
 * The Init Durations seen, as what they are: percentiles from 10 cold starts on (the cold p50 is
 * then their p50), below that their mean and range only, since a median of one is no p50.
 */
function initDurationFigure(summary: ReportSummary): PanelFigure[] {
  const init = summary.initDuration;
  if (!init) return [];
  if (init.count >= MIN_OBSERVED_COLD_STARTS)
    return [
      {
        label: 'Init Duration p50 / p90 / p99',
        value: `${ms(init.p50)} / ${ms(init.p90)} / ${ms(init.p99)}`,
      },
    ];
  const cold = `${count(init.count)} cold start${init.count === 1 ? '' : 's'}`;
  return [
    {
      label: 'Init Duration seen',
      value:
        init.count === 1
          ? `${ms(init.mean)} (${cold})`
          : `mean ${ms(init.mean)}, ${ms(init.min)}–${ms(init.max)} (${cold})`,
    },
  ];
}

export function estimatePanelModel(
  estimate: FunctionEstimate,
  summary: ReportSummary | undefined,
  bins: readonly ChartBin[],
  context: PanelContext,
): EstimatePanelModel {
  const input = estimate.costInput;
  const has = summary !== undefined && summary.invocations > 0;
  const discarded: PanelFigure[] =
    summary && discardedReportCount(summary)
      ? [
          {
            label: 'Discarded REPORT lines',
            value: count(discardedReportCount(summary)),
            basis: discardedReportsBasis(summary).join('; '),
          },
        ]
      : [];
  const cold = estimate.coldStart;
  // One figure, computed once: the headline, Observed and Cost show this very text.
  const coldP50: PanelFigure = {
    label: 'Cold start p50',
    value: coldStartP50Text(cold),
    basis: `${cold.rests}: ${cold.basis}`,
  };
  const observed: PanelFigure[] = has
    ? [
        {
          label: 'Invocations',
          value: count(summary.invocations),
          basis: context.capped
            ? `the first ${count(context.events)} log events of the window (capped: raise the cap to read more)`
            : `REPORT lines, ${context.windowLabel}`,
        },
        {
          label: 'Cold starts',
          value: `${count(summary.coldStarts)} (${percent(summary.coldStartRate)})`,
        },
        coldP50,
        ...initDurationFigure(summary),
        {
          label: 'Duration p50 / p90 / p99 / max',
          value: summary.duration
            ? `${ms(summary.duration.p50)} / ${ms(summary.duration.p90)} / ${ms(summary.duration.p99)} / ${ms(summary.duration.max)}`
            : '–',
        },
        {
          label: 'Max memory used',
          value: `${count(summary.memory.maxUsedMB)} of ${count(summary.memory.sizeMB)} MB (${percent(summary.memory.maxUsedRatio)})`,
        },
        {
          label: 'Time-outs / errors',
          value: `${count(summary.timeouts)} / ${count(summary.errors)}`,
        },
        ...(summary.errorTypes.length
          ? [
              {
                label: 'Error types',
                value: [
                  ...summary.errorTypes.map((e) => `${e.type} × ${count(e.count)}`),
                  ...(summary.otherErrorTypes
                    ? [`others × ${count(summary.otherErrorTypes)}`]
                    : []),
                ].join(', '),
              },
            ]
          : []),
        ...(summary.malformed
          ? [{ label: 'Unreadable REPORT lines (skipped)', value: count(summary.malformed) }]
          : []),
        ...discarded,
      ]
    : [
        {
          label: 'Invocations',
          value: '0',
          basis: `no REPORT lines ${context.windowLabel}: the figures below are estimates`,
        },
        ...discarded,
      ];
  const rate = estimate.coldStartRate;
  const cost: PanelFigure[] = [
    {
      label: 'Monthly cost',
      value: usd(estimate.cost.totalUsd),
      basis: `${count(input.requestsPerMonth)} requests a month, ${ms(input.durationMs)} average, ${input.memoryMB} MB, ${input.architecture}`,
    },
    { label: 'Per 1M requests (no free tier)', value: usd(estimate.perMillionUsd) },
    coldP50,
    { label: 'Cold-start rate', value: percent(rate.value), basis: `${rate.rests}: ${rate.basis}` },
    {
      label: 'Cold starts a month',
      value: count(estimate.cost.coldStartsPerMonth),
      ...(estimate.cost.coldStartsRemoved
        ? { basis: `${count(estimate.cost.coldStartsRemoved)} removed by provisioned concurrency` }
        : {}),
    },
    {
      label: 'Prices',
      value: `${estimate.cost.prices.region}, as of ${estimate.cost.prices.asOf}`,
      ...(estimate.cost.prices.known
        ? {}
        : {
            basis:
              "this region's prices are not in the table: us-east-1 prices are used (override them in settings)",
          }),
    },
  ];
  const costTable: PanelTable = {
    caption: 'Monthly cost by item',
    columns: ['Item', 'Quantity', 'Cost', 'Basis'],
    rows: estimate.cost.lines.map((l) => [
      l.item,
      `${count(l.quantity)} ${l.unit}`,
      usd(l.usd),
      l.basis,
    ]),
  };
  const { memory, arm64 } = estimate;
  const recommendation: PanelFigure[] = [
    {
      label: 'Cheapest memory size',
      value: `${memory.cheapest.memoryMB} MB: ${usd(memory.cheapest.monthlyUsd)} a month, ~${ms(memory.cheapest.durationMs)}`,
    },
    {
      label: 'Fastest memory size',
      value: `${memory.fastest.memoryMB} MB: ${usd(memory.fastest.monthlyUsd)} a month, ~${ms(memory.fastest.durationMs)}`,
    },
    {
      label: 'Now',
      value: `${memory.current.memoryMB} MB: ${usd(memory.current.monthlyUsd)} a month`,
      basis: memory.basis.join('; '),
    },
    {
      label: input.architecture === 'arm64' ? 'arm64 against x86_64' : 'Moving to arm64',
      value:
        arm64.savingUsd >= 0
          ? `saves ${usd(arm64.savingUsd)} a month (${percent(arm64.savingFraction)})`
          : `costs ${usd(-arm64.savingUsd)} more a month`,
      basis: arm64.basis,
    },
  ];
  const timeout = estimate.timeout;
  const timeoutTable: PanelTable | undefined = timeout && {
    caption: `Timeout ${timeout.timeoutSeconds} s: ${percent(timeout.shareOfLambdaLimit)} of Lambda's 15-minute limit`,
    columns: ['Platform', 'Maximum', 'Fits'],
    rows: timeout.platforms.map((p) => [
      p.platform,
      Number.isFinite(p.maxSeconds) ? `${count(p.maxSeconds)} s` : 'unbounded',
      `${p.fits ? 'yes' : 'no'}${p.note ? ` (${p.note})` : ''}`,
    ]),
  };
  const points = memory.options.map((o) => ({
    x: o.memoryMB,
    y: o.monthlyUsd,
    label: `${o.memoryMB} MB: ${usd(o.monthlyUsd)}`,
  }));
  const durationPoints = memory.options.map((o) => ({
    x: o.memoryMB,
    y: o.durationMs,
    label: `${o.memoryMB} MB: ${ms(o.durationMs)}`,
  }));
  const edgesMs = bins.length ? [...bins.map((b) => b.fromMs), bins.at(-1)!.toMs] : [];
  const edgeLabels = distinctEdgeLabels(edgesMs);
  const binLabel = (i: number) => `${edgeLabels[i]}–${edgeLabels[i + 1]} ms`;
  const durationBins = bins.map((b, i) => ({
    label: binLabel(i),
    values: [
      { series: 'warm', value: b.warm },
      { series: 'cold', value: b.cold },
    ],
  }));
  const distributionRow = (
    name: string,
    d: { p50: number; p90: number; p99: number } | undefined,
  ) => ({
    label: name,
    values: d
      ? [
          { series: 'p50', value: d.p50 },
          { series: 'p90', value: d.p90 },
          { series: 'p99', value: d.p99 },
        ]
      : [],
  });
  const coldTotal =
    summary?.initDuration && summary.coldDuration
      ? {
          p50: summary.initDuration.p50 + summary.coldDuration.p50,
          p90: summary.initDuration.p90 + summary.coldDuration.p90,
          p99: summary.initDuration.p99 + summary.coldDuration.p99,
        }
      : undefined;
  const groups = [
    distributionRow('warm', summary?.warmDuration),
    distributionRow('cold (init + handler)', coldTotal),
  ].filter((g) => g.values.length);
  return {
    title: `${context.functionName}: cost and cold starts`,
    subtitle: `${context.where} · ${context.windowLabel}`,
    basis: estimate.basis,
    headline: estimate.headline,
    observed,
    cost,
    costTable,
    recommendation,
    ...(estimate.breakEven
      ? { breakEven: { label: 'Against an always-on server', value: estimate.breakEven.message } }
      : {}),
    ...(timeoutTable ? { timeoutTable } : {}),
    costByMemory: {
      points,
      durationPoints,
      currentMB: input.memoryMB,
      recommendedMB: memory.cheapest.memoryMB,
      table: {
        caption: 'Monthly cost by memory size',
        columns: ['Memory', 'Duration', 'Monthly cost', 'Per 1M'],
        rows: memory.options.map((o) => [
          `${o.memoryMB} MB`,
          ms(o.durationMs),
          usd(o.monthlyUsd),
          usd(o.perMillionUsd),
        ]),
      },
    },
    durations: {
      bins: durationBins,
      edgesMs,
      edgeLabels,
      table: {
        caption: 'Durations (count of invocations)',
        columns: ['Duration', 'Warm', 'Cold'],
        rows: bins.map((b, i) => [binLabel(i), count(b.warm), count(b.cold)]),
      },
    },
    coldVsWarm: {
      groups,
      table: {
        caption: 'Cold against warm',
        columns: ['', 'p50', 'p90', 'p99'],
        rows: groups.map((g) => [g.label, ...g.values.map((v) => ms(v.value))]),
      },
    },
    whatIf: {
      requestsPerMonth: input.requestsPerMonth,
      durationMs: input.durationMs,
      memoryMB: input.memoryMB,
      architecture: input.architecture,
      provisionedConcurrency: input.provisionedConcurrency ?? 0,
    },
  };
}
