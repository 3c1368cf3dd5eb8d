// The estimate panel's webview: renders the host's model with DOM text nodes and uPlot's canvas
// charts only (never HTML built from data, so nothing in a function's name or logs can run), and
// sends the what-if form, the window (a preset or a custom range), "read more" and cancel back as
// typed messages. The charts are drawn again in the new colours when the theme changes.
import 'uplot/dist/uPlot.min.css';
import type {
  EstimatePanelModel,
  PanelFigure,
  PanelTable,
} from '../../src/core/estimate/panelModel';
import type {
  HostMessage,
  PanelMessage,
  ReportWindowChoice,
} from '../../src/core/estimate/panelMessages';
import { describeWindow, isPresetWindow, PRESET_WINDOWS } from '../../src/core/report/reportWindow';
import { readChartTheme, type ChartTheme } from './chartTheme';
import { coldWarmChart, durationHistogram, measuredTuningChart, powerTuningChart } from './charts';
import type { TuningPanelModel } from '../../src/core/estimate/tuningModel';

declare function acquireVsCodeApi(): { postMessage(message: PanelMessage): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const status = document.getElementById('status')!;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
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
function chartWithTable(title: string, chart: HTMLElement, data: PanelTable): HTMLElement {
  const section = el('section', undefined, 'chart-section');
  section.append(el('h2', title));
  const row = el('div', undefined, 'chart-row');
  row.append(chart, table(data));
  section.append(row);
  return section;
}

/**
 * As wide as the page allows, up to a size that still reads at a glance. From the window's width,
 * not the page's: measuring the page would lay out everything just built a second time.
 */
function chartWidth(): number {
  return Math.max(280, Math.min(640, (window.innerWidth || 680) - 48));
}

function whatIfForm(model: EstimatePanelModel, window: ReportWindowChoice): HTMLElement {
  const section = el('section', undefined, 'what-if');
  section.append(el('h2', 'What if'));
  const form = el('form');
  const field = (name: string, label: string, value: number | undefined, step = 1) => {
    const wrapper = el('label', label);
    const input = Object.assign(el('input'), {
      type: 'number',
      name,
      min: '0',
      step: String(step),
      value: value === undefined ? '' : String(value),
    });
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
  for (const a of ['x86_64', 'arm64'])
    select.append(
      Object.assign(el('option', a), { value: a, selected: a === model.whatIf.architecture }),
    );
  arch.append(select);
  form.append(arch);
  form.append(windowPicker(window));
  const apply = Object.assign(el('button', 'Apply'), { type: 'submit' });
  const reset = Object.assign(el('button', 'Observed values'), {
    type: 'button',
    className: 'secondary',
  });
  reset.addEventListener('click', () => vscode.postMessage({ type: 'reset' }));
  form.append(apply, reset);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const number = (name: string) => (data.get(name) === '' ? undefined : Number(data.get(name)));
    const values = {
      requestsPerMonth: number('requestsPerMonth'),
      durationMs: number('durationMs'),
      memoryMB: number('memoryMB'),
      provisionedConcurrency: number('provisionedConcurrency'),
      serverMonthlyUsd: number('serverMonthlyUsd'),
      architecture: String(data.get('architecture')) as 'x86_64' | 'arm64',
    };
    vscode.postMessage({
      type: 'whatIf',
      values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
    });
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
  for (const preset of PRESET_WINDOWS)
    select.append(
      Object.assign(el('option', describeWindow(preset)), {
        value: preset,
        selected: preset === window,
      }),
    );
  select.append(
    Object.assign(el('option', 'custom range…'), { value: 'custom', selected: custom }),
  );
  label.append(select);
  const range = el('fieldset', undefined, 'custom-window');
  range.hidden = !custom;
  range.append(el('legend', 'Custom range (your local time)'));
  const local = (ms: number) =>
    new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  const now = Date.now();
  const from = Object.assign(el('input'), {
    type: 'datetime-local',
    name: 'from',
    value: local(custom ? window.startMs : now - 24 * 3600_000),
  });
  const to = Object.assign(el('input'), {
    type: 'datetime-local',
    name: 'to',
    value: local(custom ? window.endMs : now),
  });
  const fromLabel = el('label', 'From');
  fromLabel.append(from);
  const toLabel = el('label', 'To');
  toLabel.append(to);
  const read = Object.assign(el('button', 'Read this range'), {
    type: 'button',
    className: 'secondary',
  });
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
    else if (isPresetWindow(select.value))
      vscode.postMessage({ type: 'window', window: select.value });
  });
  wrapper.append(label, range);
  return wrapper;
}

/** When the read stopped at its cap: say so, and offer to read more. */
function readMoreNotice(cap: number): HTMLElement {
  const notice = el('p', undefined, 'read-more');
  notice.append(
    el('span', 'The figures cover the oldest part of the window: the read stopped at its cap. '),
  );
  const button = Object.assign(el('button', `Read up to ${cap.toLocaleString('en-US')} events`), {
    type: 'button',
  });
  button.addEventListener('click', () => vscode.postMessage({ type: 'readMore' }));
  notice.append(button);
  return notice;
}

/** The charts' place on the page: drawn again alone (the form keeps what is typed) on a theme or width change. */
const chartsArea = el('div', undefined, 'charts');

/** The theme's chart colours, read once per theme (a read forces a style pass over the page). */
let theme: ChartTheme | undefined;
const chartTheme = (): ChartTheme => (theme ??= readChartTheme());
/** Each drawing's number: charts left to draw by an older one are not drawn. */
let drawing = 0;

/**
 * The chart sections, each with its table at once. The first chart (the one near the top) is
 * drawn now; the others once the first frame is painted, in the room kept for them, so the page
 * shows up without waiting for charts below the fold (each costs a uPlot instance and its canvas).
 */
/** A tuning run's results: the measured chart and table, the reason, Apply, and what was restored. */
function tuningSection(tuning: TuningPanelModel, chart: HTMLElement): HTMLElement {
  const section = chartWithTable(
    `Power Tuning, measured: ${tuning.title.replace(/^Measured: /, '')}`,
    chart,
    tuning.table,
  );
  section.classList.add('tuning');
  if (tuning.stopped) section.append(el('p', tuning.stopped, 'error'));
  section.append(
    el(
      'p',
      tuning.recommendedMB === null ? tuning.reason : `Recommended: ${tuning.reason}`,
      'headline',
    ),
  );
  const form = el('form', undefined, 'apply-memory');
  const label = el('label', 'Memory size to set');
  const select = Object.assign(el('select'), { name: 'memoryMB' });
  for (const size of tuning.sizes) {
    select.append(
      Object.assign(
        el(
          'option',
          `${size.memoryMB} MB${size.memoryMB === tuning.recommendedMB ? ' (recommended)' : ''}${size.incomplete ? ' (not all measured)' : ''}`,
        ),
        { value: String(size.memoryMB), selected: size.memoryMB === tuning.recommendedMB },
      ),
    );
  }
  label.append(select);
  form.append(
    label,
    Object.assign(el('button', 'Apply'), { type: 'submit' }),
    el('span', `now ${tuning.currentMB} MB`, 'basis'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    vscode.postMessage({ type: 'applyMemory', memoryMB: Number(select.value) });
  });
  section.append(form);
  const notes = el('ul', undefined, 'basis-list');
  for (const line of [...tuning.restored, ...tuning.notes]) notes.append(el('li', line));
  section.append(notes);
  return section;
}

function drawCharts(model: EstimatePanelModel): void {
  const generation = ++drawing;
  const colours = chartTheme();
  const width = chartWidth();
  const charts: { title: string; draw: () => HTMLElement; table: PanelTable }[] = [];
  if (model.costByMemory.points.length)
    charts.push({
      title: 'Power Tuning: cost and duration against memory',
      draw: () => powerTuningChart(model, colours, width),
      table: model.costByMemory.table,
    });
  if (model.durations.bins.length)
    charts.push({
      title: 'Durations, cold starts apart',
      draw: () => durationHistogram(model, colours, width),
      table: model.durations.table,
    });
  if (model.coldVsWarm.groups.length)
    charts.push({
      title: 'Cold against warm',
      draw: () => coldWarmChart(model, colours, width),
      table: model.coldVsWarm.table,
    });
  const slots = charts.map(() => {
    const slot = el('div', undefined, 'chart chart-pending');
    slot.style.width = `${width}px`;
    return slot;
  });
  // A tuning run's measured results come first: they are what the user just asked for.
  const tuning = model.tuning
    ? [tuningSection(model.tuning, measuredTuningChart(model.tuning, colours, width))]
    : [];
  chartsArea.replaceChildren(
    ...tuning,
    ...charts.map((c, i) => chartWithTable(c.title, slots[i]!, c.table)),
  );
  const [first, ...rest] = charts;
  if (first) slots[0]!.replaceWith(first.draw());
  if (rest.length === 0) return;
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (generation !== drawing) return;
      rest.forEach((chart, i) => slots[i + 1]!.replaceWith(chart.draw()));
    }, 0),
  );
}

function render(
  model: EstimatePanelModel,
  window: ReportWindowChoice,
  readMore: number | undefined,
): void {
  // Built apart from the page and put in at once: the page is styled and laid out once.
  const page = document.createDocumentFragment();
  const header = el('header');
  header.append(
    el('h1', model.title),
    el('p', model.subtitle, 'subtitle'),
    el('p', model.headline, 'headline'),
  );
  const tune = Object.assign(el('button', 'Tune Memory…'), {
    type: 'button',
    className: 'secondary',
    title: 'Measure this function at several memory sizes by real invokes',
  });
  tune.addEventListener('click', () => vscode.postMessage({ type: 'tune' }));
  header.append(tune);
  if (readMore) header.append(readMoreNotice(readMore));
  page.append(header);
  const grid = el('div', undefined, 'grid');
  grid.append(
    figures('Observed', model.observed),
    figures('Cost', model.cost),
    figures('Memory and architecture', model.recommendation),
  );
  if (model.breakEven) grid.append(figures('Break-even', [model.breakEven]));
  page.append(grid, whatIfForm(model, window));
  page.append(chartsArea);
  drawCharts(model);
  const details = el('section');
  details.append(el('h2', 'Details'), table(model.costTable));
  if (model.timeoutTable) details.append(table(model.timeoutTable));
  const basis = el('ul', undefined, 'basis-list');
  for (const b of model.basis) basis.append(el('li', b));
  details.append(el('h3', 'Basis'), basis);
  page.append(details);
  root.replaceChildren(page);
}

/** The model shown, to draw again when the theme or the width changes. */
let shown: Extract<HostMessage, { type: 'model' }> | undefined;
function redraw(): void {
  if (shown) drawCharts(shown.model);
}
// VS Code marks a theme change on the body (its class: vscode-light, vscode-dark, vscode-high-contrast…;
// the theme's id) and sets the theme's colours as variables on the root element's style.
const themeChanged = new MutationObserver(() => {
  theme = undefined;
  redraw();
});
themeChanged.observe(document.body, {
  attributes: true,
  attributeFilter: ['class', 'data-vscode-theme-id'],
});
themeChanged.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
let resizing: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(redraw, 150);
});

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'model') {
    status.replaceChildren();
    shown = message;
    render(message.model, message.window, message.readMore);
  } else if (message.type === 'progress') {
    const cancel = Object.assign(el('button', 'Cancel'), {
      type: 'button',
      className: 'secondary',
    });
    cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
    status.replaceChildren(el('span', message.text), cancel);
  } else if (message.type === 'error') {
    status.replaceChildren(el('span', message.message, 'error'));
  }
});

vscode.postMessage({ type: 'ready' });
