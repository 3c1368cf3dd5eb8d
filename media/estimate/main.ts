// The estimate panel's webview: renders the host's model with DOM text nodes and SVG elements only
// (never HTML built from data, so nothing in a function's name or logs can run), and sends the
// what-if form, the window (a preset or a custom range), "read more" and cancel back as typed
// messages.
import type { BarGroup, EstimatePanelModel, LinePoint, PanelFigure, PanelTable } from '../../src/core/estimate/panelModel';
import type { HostMessage, PanelMessage, ReportWindowChoice } from '../../src/core/estimate/panelMessages';
import { describeWindow, isPresetWindow, PRESET_WINDOWS } from '../../src/core/report/reportWindow';

declare function acquireVsCodeApi(): { postMessage(message: PanelMessage): void };

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const root = document.getElementById('root')!;
const status = document.getElementById('status')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function svg(tag: string, attributes: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

function figures(title: string, list: readonly PanelFigure[]): HTMLElement {
  const section = el('section');
  section.append(el('h2', title));
  const dl = el('dl');
  for (const f of list) {
    dl.append(el('dt', f.label));
    const dd = el('dd', f.value);
    if (f.basis) dd.append(el('div', f.basis, 'basis'));
    dl.append(dd);
  }
  section.append(dl);
  return section;
}

function table(t: PanelTable): HTMLTableElement {
  const node = el('table');
  node.append(el('caption', t.caption));
  const head = el('tr');
  for (const c of t.columns) head.append(Object.assign(el('th', c), { scope: 'col' }));
  const thead = el('thead');
  thead.append(head);
  node.append(thead);
  const body = el('tbody');
  for (const row of t.rows) {
    const tr = el('tr');
    for (const cell of row) tr.append(el('td', cell));
    body.append(tr);
  }
  node.append(body);
  return node;
}

/** A chart and, beside it, the same figures as a table (what a screen reader reads). */
function chartWithTable(title: string, chart: SVGElement, data: PanelTable): HTMLElement {
  const section = el('section', undefined, 'chart');
  section.append(el('h2', title));
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', data.caption);
  const row = el('div', undefined, 'chart-row');
  row.append(chart, table(data));
  section.append(row);
  return section;
}

function lineChart(points: readonly LinePoint[], markX: number): SVGElement {
  const width = 360, height = 180, pad = 36;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'line' });
  if (!points.length) return chart;
  const xs = points.map((p) => Math.log(p.x)), ys = points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const y1 = Math.max(...ys) || 1;
  const px = (x: number) => pad + ((Math.log(x) - x0) / (x1 - x0 || 1)) * (width - 2 * pad);
  const py = (y: number) => height - pad - (y / y1) * (height - 2 * pad);
  chart.append(svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis' }));
  chart.append(svg('polyline', { points: points.map((p) => `${px(p.x)},${py(p.y)}`).join(' '), class: 'series-1' }));
  for (const p of points) {
    const dot = svg('circle', { cx: px(p.x), cy: py(p.y), r: p.x === markX ? 5 : 2.5, class: p.x === markX ? 'mark' : 'series-1-dot' });
    dot.append(Object.assign(document.createElementNS(SVG, 'title'), { textContent: p.label }));
    chart.append(dot);
  }
  const label = (x: number, y: number, text: string, anchor = 'middle') => {
    const t = svg('text', { x, y, 'text-anchor': anchor, class: 'label' });
    t.textContent = text;
    chart.append(t);
  };
  label(pad, height - pad + 14, `${points[0]!.x} MB`, 'start');
  label(width - pad, height - pad + 14, `${points.at(-1)!.x} MB`, 'end');
  label(pad - 4, py(y1) + 4, `$${y1.toFixed(2)}`, 'end');
  return chart;
}

function barChart(groups: readonly BarGroup[], series: readonly string[]): SVGElement {
  const width = 360, height = 180, pad = 24;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'bars' });
  const max = Math.max(1, ...groups.flatMap((g) => g.values.map((v) => v.value)));
  const slot = (width - 2 * pad) / Math.max(1, groups.length);
  groups.forEach((group, i) => {
    group.values.forEach((v, j) => {
      const w = Math.max(1, (slot - 2) / group.values.length);
      const h = (v.value / max) * (height - 2 * pad);
      const bar = svg('rect', { x: pad + i * slot + j * w, y: height - pad - h, width: w, height: h, class: `series-${series.indexOf(v.series) + 1}` });
      bar.append(Object.assign(document.createElementNS(SVG, 'title'), { textContent: `${group.label} · ${v.series}: ${v.value}` }));
      chart.append(bar);
    });
  });
  chart.append(svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis' }));
  series.forEach((name, k) => {
    chart.append(svg('rect', { x: pad + k * 70, y: 4, width: 10, height: 10, class: `series-${k + 1}` }));
    const t = svg('text', { x: pad + k * 70 + 14, y: 13, class: 'label' });
    t.textContent = name;
    chart.append(t);
  });
  return chart;
}

function whatIfForm(model: EstimatePanelModel, window: ReportWindowChoice): HTMLElement {
  const section = el('section', undefined, 'what-if');
  section.append(el('h2', 'What if'));
  const form = el('form');
  const field = (name: string, label: string, value: number | undefined, step = 1) => {
    const wrapper = el('label', label);
    const input = Object.assign(el('input'), { type: 'number', name, min: '0', step: String(step), value: value === undefined ? '' : String(value) });
    wrapper.append(input);
    form.append(wrapper);
  };
  field('requestsPerMonth', 'Requests a month', Math.round(model.whatIf.requestsPerMonth));
  field('durationMs', 'Average duration (ms)', Math.round(model.whatIf.durationMs));
  field('memoryMB', 'Memory (MB)', model.whatIf.memoryMB);
  field('provisionedConcurrency', 'Provisioned concurrency', model.whatIf.provisionedConcurrency);
  field('serverMonthlyUsd', 'Always-on server ($ a month)', model.whatIf.serverMonthlyUsd, 0.01);
  const arch = el('label', 'Architecture');
  const select = Object.assign(el('select'), { name: 'architecture' });
  for (const a of ['x86_64', 'arm64']) select.append(Object.assign(el('option', a), { value: a, selected: a === model.whatIf.architecture }));
  arch.append(select);
  form.append(arch);
  form.append(windowPicker(window));
  const apply = Object.assign(el('button', 'Apply'), { type: 'submit' });
  const reset = Object.assign(el('button', 'Observed values'), { type: 'button', className: 'secondary' });
  reset.addEventListener('click', () => vscode.postMessage({ type: 'reset' }));
  form.append(apply, reset);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const number = (name: string) => (data.get(name) === '' ? undefined : Number(data.get(name)));
    const values = {
      requestsPerMonth: number('requestsPerMonth'), durationMs: number('durationMs'), memoryMB: number('memoryMB'),
      provisionedConcurrency: number('provisionedConcurrency'), serverMonthlyUsd: number('serverMonthlyUsd'), architecture: String(data.get('architecture')) as 'x86_64' | 'arm64',
    };
    vscode.postMessage({ type: 'whatIf', values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) });
  });
  section.append(form);
  return section;
}

/** A preset window, or a custom range (local time in the inputs, sent as milliseconds). */
function windowPicker(window: ReportWindowChoice): HTMLElement {
  const wrapper = el('div', undefined, 'window-picker');
  const label = el('label', 'Logs window');
  const select = Object.assign(el('select'), { name: 'window' });
  const custom = typeof window === 'object';
  for (const preset of PRESET_WINDOWS) select.append(Object.assign(el('option', describeWindow(preset)), { value: preset, selected: preset === window }));
  select.append(Object.assign(el('option', 'custom range…'), { value: 'custom', selected: custom }));
  label.append(select);
  const range = el('fieldset', undefined, 'custom-window');
  range.hidden = !custom;
  range.append(el('legend', 'Custom range (your local time)'));
  const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  const now = Date.now();
  const from = Object.assign(el('input'), { type: 'datetime-local', name: 'from', value: local(custom ? window.startMs : now - 24 * 3600_000) });
  const to = Object.assign(el('input'), { type: 'datetime-local', name: 'to', value: local(custom ? window.endMs : now) });
  const fromLabel = el('label', 'From');
  fromLabel.append(from);
  const toLabel = el('label', 'To');
  toLabel.append(to);
  const read = Object.assign(el('button', 'Read this range'), { type: 'button', className: 'secondary' });
  const problem = el('span', undefined, 'error');
  read.addEventListener('click', () => {
    // The inputs hold minutes: the range runs to the end of the To minute, so "now" includes this minute.
    const startMs = new Date(from.value).getTime();
    const endMs = new Date(to.value).getTime() + 59_999;
    if (!(startMs < endMs)) {
      problem.textContent = 'The range must start before it ends.';
      return;
    }
    problem.textContent = '';
    vscode.postMessage({ type: 'window', window: { startMs, endMs } });
  });
  range.append(fromLabel, toLabel, read, problem);
  select.addEventListener('change', () => {
    if (select.value === 'custom') range.hidden = false;
    else if (isPresetWindow(select.value)) vscode.postMessage({ type: 'window', window: select.value });
  });
  wrapper.append(label, range);
  return wrapper;
}

/** When the read stopped at its cap: say so, and offer to read more. */
function readMoreNotice(cap: number): HTMLElement {
  const notice = el('p', undefined, 'read-more');
  notice.append(el('span', 'The figures cover the oldest part of the window: the read stopped at its cap. '));
  const button = Object.assign(el('button', `Read up to ${cap.toLocaleString('en-US')} events`), { type: 'button' });
  button.addEventListener('click', () => vscode.postMessage({ type: 'readMore' }));
  notice.append(button);
  return notice;
}

function render(model: EstimatePanelModel, window: ReportWindowChoice, readMore: number | undefined): void {
  root.replaceChildren();
  const header = el('header');
  header.append(el('h1', model.title), el('p', model.subtitle, 'subtitle'), el('p', model.headline, 'headline'));
  if (readMore) header.append(readMoreNotice(readMore));
  root.append(header);
  const grid = el('div', undefined, 'grid');
  grid.append(figures('Observed', model.observed), figures('Cost', model.cost), figures('Memory and architecture', model.recommendation));
  if (model.breakEven) grid.append(figures('Break-even', [model.breakEven]));
  root.append(grid, whatIfForm(model, window));
  root.append(chartWithTable('Cost against memory', lineChart(model.costByMemory.points, model.costByMemory.currentMB), model.costByMemory.table));
  if (model.durations.bins.length) root.append(chartWithTable('Durations, cold starts marked', barChart(model.durations.bins, ['warm', 'cold']), model.durations.table));
  if (model.coldVsWarm.groups.length) root.append(chartWithTable('Cold against warm', barChart(model.coldVsWarm.groups, ['p50', 'p90', 'p99']), model.coldVsWarm.table));
  const details = el('section');
  details.append(el('h2', 'Details'), table(model.costTable));
  if (model.timeoutTable) details.append(table(model.timeoutTable));
  const basis = el('ul', undefined, 'basis-list');
  for (const b of model.basis) basis.append(el('li', b));
  details.append(el('h3', 'Basis'), basis);
  root.append(details);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'model') {
    status.replaceChildren();
    render(message.model, message.window, message.readMore);
  } else if (message.type === 'progress') {
    const cancel = Object.assign(el('button', 'Cancel'), { type: 'button', className: 'secondary' });
    cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
    status.replaceChildren(el('span', message.text), cancel);
  } else if (message.type === 'error') {
    status.replaceChildren(el('span', message.message, 'error'));
  }
});

vscode.postMessage({ type: 'ready' });
