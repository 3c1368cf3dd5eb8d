// Plain-text renderings of the statistics and the estimate, shared by `report` and `estimate`.
import type { Distribution } from '../core/report/logHistogram';
import type { ReportSummary } from '../core/report/reportStats';
import type { FunctionEstimate } from '../core/cost/functionEstimate';
import { discardedReportsBasis } from '../core/report/discardedReports';
import { coldStartP50Text } from '../core/coldStart/mergeColdStart';

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value < 1000 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ms`;
}

export function usd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: value < 1 ? 4 : 2 })}`;
}

function distribution(d: Distribution | undefined): string {
  return d
    ? `p50 ${ms(d.p50)}  p90 ${ms(d.p90)}  p99 ${ms(d.p99)}  max ${ms(d.max)}  (n ${d.count})`
    : '-';
}

export function summaryLines(s: ReportSummary): string[] {
  const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '-');
  const lines = [
    `Invocations    ${s.invocations}  (cold starts ${s.coldStarts}, ${pct(s.coldStartRate)}${s.snapStartRestores ? `; SnapStart restores ${s.snapStartRestores}` : ''})`,
    `Duration       ${distribution(s.duration)}`,
    `  warm         ${distribution(s.warmDuration)}`,
    `  cold         ${distribution(s.coldDuration)}`,
    `Init Duration  ${distribution(s.initDuration)}`,
  ];
  if (s.restoreDuration) lines.push(`Restore        ${distribution(s.restoreDuration)}`);
  if (s.invocations) {
    lines.push(
      `Billed         ${s.billed.totalMs.toLocaleString('en-US')} ms, ${s.billed.gbSeconds.toFixed(3)} GB-s`,
    );
    const sizes =
      s.memory.minSizeMB === s.memory.maxSizeMB
        ? `${s.memory.sizeMB} MB`
        : `${s.memory.sizeMB} MB (${s.memory.minSizeMB}–${s.memory.maxSizeMB} MB in the window)`;
    lines.push(
      `Memory         max used ${s.memory.maxUsedMB} MB of ${sizes} (${pct(s.memory.maxUsedRatio)})`,
    );
  }
  lines.push(
    `Problems       ${s.timeouts} time-outs, ${s.errors} errors (${s.outOfMemory} out of memory)`,
  );
  lines.push(
    `Lines          ${s.malformed} malformed REPORT lines skipped, ${s.ignored} other lines ignored; percentiles within ${(s.percentileRelativeError * 100).toFixed(1)} %`,
  );
  const discarded = discardedReportsBasis(s);
  if (discarded.length) lines.push(`Discarded      ${discarded.join('; ')}`);
  return lines;
}

export function estimateLines(e: FunctionEstimate): string[] {
  const lines = [
    `Headline       ${e.headline}`,
    `Cold start     p50 ${coldStartP50Text(e.coldStart)}${e.coldStart.p90Ms !== undefined ? `, p90 ${ms(e.coldStart.p90Ms)}` : ''} (${e.coldStart.rests}) — ${e.coldStart.basis}`,
    `Cold starts    ${(e.coldStartRate.value * 100).toFixed(2)} % of invocations (${e.coldStartRate.rests}) — ${e.coldStartRate.basis}`,
    `Monthly cost   ${usd(e.cost.totalUsd)} at ${Math.round(e.costInput.requestsPerMonth).toLocaleString('en-US')} requests/month, ${e.costInput.durationMs.toFixed(1)} ms, ${e.costInput.memoryMB} MB ${e.costInput.architecture}`,
    ...e.cost.lines.map(
      (l) =>
        `  ${l.item.padEnd(22)} ${usd(l.usd).padStart(12)}  ${l.quantity.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${l.unit}; ${l.basis}`,
    ),
    `Per 1M         ${usd(e.perMillionUsd)} (no free tier)`,
    `Memory         cheapest ${e.memory.cheapest.memoryMB} MB (${usd(e.memory.cheapest.perMillionUsd)} per 1M, ${e.memory.cheapest.durationMs} ms); fastest ${e.memory.fastest.memoryMB} MB (${e.memory.fastest.durationMs} ms); now ${e.memory.current.memoryMB} MB`,
    `               ${e.memory.basis.join('; ')}`,
    `arm64          ${e.arm64.savingUsd >= 0 ? 'saves' : 'costs'} ${usd(Math.abs(e.arm64.savingUsd))} a month${Number.isFinite(e.arm64.savingFraction) ? ` (${(e.arm64.savingFraction * 100).toFixed(0)} %)` : ''}; ${e.arm64.basis}`,
  ];
  if (e.breakEven) lines.push(`Break-even     ${e.breakEven.message}`);
  if (e.timeout) {
    const fits = e.timeout.platforms
      .map((p) => `${p.platform} ${p.fits ? 'fits' : 'too long'}`)
      .join(', ');
    lines.push(
      `Timeout        ${e.timeout.timeoutSeconds} s = ${(e.timeout.shareOfLambdaLimit * 100).toFixed(1)} % of Lambda's 900 s; ${fits}`,
    );
  }
  lines.push(`Prices         ${e.cost.basis.join('; ')}`);
  lines.push(`Inputs         ${e.basis.join('; ')}`);
  return lines;
}
