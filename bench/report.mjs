// One line per figure: `name: value unit (anchor: value, ratio x)`. The anchor is measured in the
// same run where it can be, or quoted with its source where it cannot (published figures).
export function figure(name, value, unit, anchor) {
  const fmt = (v) =>
    typeof v === 'number'
      ? v.toLocaleString('en-US', { maximumFractionDigits: v < 10 ? 2 : 1 })
      : String(v);
  let line = `${name}: ${fmt(value)} ${unit}`;
  if (anchor) {
    const ratio =
      typeof anchor.value === 'number' && anchor.value !== 0
        ? `, ratio ${(value / anchor.value).toFixed(3)}x`
        : '';
    line += ` (anchor: ${anchor.label ? `${anchor.label} ` : ''}${fmt(anchor.value)} ${anchor.unit ?? unit}${ratio})`;
  } else {
    line += ' (anchor: none)';
  }
  process.stdout.write(`${line}\n`);
  return { name, value, unit, anchor };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
