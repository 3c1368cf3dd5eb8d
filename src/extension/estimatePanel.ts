// The estimate panel of one function: observed REPORT figures from its logs (window, progress,
// cancel), the cost and cold-start models, what-if values, and charts. A webview with a strict CSP
// (nothing but our own script, by nonce, and stylesheet); every message from it is checked.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { EstimateRequest, FunctionFacts, ReportSummary, ChartBin } from '../cloud';
import {
  estimatePanelModel,
  type EstimatePanelModel,
  type WhatIfValues,
} from '../core/estimate/panelModel';
import {
  parsePanelMessage,
  type HostMessage,
  type ReportWindowChoice,
} from '../core/estimate/panelMessages';
import { describeWindow } from '../core/report/reportWindow';
import { loadCloud } from './cloudLoader';
import type { Connections } from './connections';
import type { InvokeTarget } from './invoke';
import type { ObservedFigures } from './observedFigures';
import { SETTINGS_SECTION } from './settings';
import { errorMessage } from '../core/errorMessage';
import type { TuneOutcome } from '../core/tune/tuneOutcome';
import { tuningPanelModel, type TuningPanelModel } from '../core/estimate/tuningModel';

/** What the panel's buttons ask of the rest of the extension: Tune Memory… and Apply. */
export interface EstimatePanelActions {
  tune(target: InvokeTarget): Promise<unknown>;
  apply(target: InvokeTarget, memoryMB: number): Promise<boolean>;
}

/** "Read more" multiplies the cap (the lambdaLens.estimate.maxEvents setting at first) by 10, up to this. */
export const MAX_PANEL_EVENT_CAP = 1_000_000;

interface Observation {
  readonly facts: FunctionFacts;
  readonly summary: ReportSummary;
  readonly bins: ChartBin[];
  readonly windowMs: number;
  readonly events: number;
  readonly capped: boolean;
}

export class EstimatePanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private window: ReportWindowChoice = '24h';
  private cap = initialCap();
  /** The larger cap offered when the last read stopped at its cap (tests read it). */
  readMore: number | undefined;
  private observation: Observation | undefined;
  private whatIf: Partial<WhatIfValues> = {};
  private loading: AbortController | undefined;
  /** The last tuning run's figures, shown in the measured chart. */
  private tuning: TuningPanelModel | undefined;
  /** The last model sent to the webview (tests read it). */
  model: EstimatePanelModel | undefined;
  private readonly changed = new vscode.EventEmitter<EstimatePanelModel>();
  readonly onDidRender = this.changed.event;

  constructor(
    readonly target: InvokeTarget,
    private readonly connections: Connections,
    extensionUri: vscode.Uri,
    private readonly observed: ObservedFigures,
    private readonly actions?: EstimatePanelActions,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      'lambdaLens.estimate',
      `Estimate: ${target.functionName}`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [
          vscode.Uri.joinPath(extensionUri, 'dist', 'media'),
          vscode.Uri.joinPath(extensionUri, 'media', 'estimate'),
        ],
      },
    );
    this.panel.webview.html = html(this.panel.webview, extensionUri);
    this.panel.webview.onDidReceiveMessage((raw) => this.receive(raw));
    this.panel.onDidDispose(() => this.dispose());
  }

  /** A message from the webview: untrusted, checked, and ignored when it is not one of ours. */
  async receive(raw: unknown): Promise<void> {
    const message = parsePanelMessage(raw);
    if (!message) return; // not ours: ignored
    switch (message.type) {
      case 'ready':
        return this.load();
      case 'window':
        this.window = message.window;
        this.cap = initialCap();
        return this.load();
      case 'readMore':
        this.cap = this.largerCap();
        return this.load();
      case 'cancel':
        this.loading?.abort();
        return;
      case 'reset':
        return this.applyWhatIf({});
      case 'whatIf':
        return this.applyWhatIf(message.values);
      case 'tune':
        await this.actions?.tune(this.target);
        return;
      case 'applyMemory':
        // Only a size the run measured: the webview's message is untrusted.
        if (!this.tuning?.sizes.some((s) => s.memoryMB === message.memoryMB)) return;
        if (await this.actions?.apply(this.target, message.memoryMB)) {
          this.tuning = { ...this.tuning, currentMB: message.memoryMB };
          await this.load();
        }
        return;
    }
  }

  /** What-if values over the observed ones ({} returns to the observed). */
  applyWhatIf(values: Partial<WhatIfValues>): void {
    this.whatIf = values;
    this.render();
  }

  /** A tuning run's results, in the measured chart; the figures are read again (the run invoked the function). */
  async showTuning(outcome: TuneOutcome): Promise<void> {
    this.tuning = tuningPanelModel(outcome);
    this.panel.reveal(undefined, true);
    await this.load();
  }

  /** Reads the function's configuration and its REPORT lines over the window, then renders. */
  async load(): Promise<void> {
    this.loading?.abort();
    const abort = (this.loading = new AbortController());
    const cloud = loadCloud();
    const { connection, region, functionName } = this.target;
    this.post({
      type: 'progress',
      text: `Reading ${functionName}'s REPORT lines (${describeWindow(this.window)})…`,
    });
    try {
      const target = await this.connections.target(connection, region);
      const { facts } = await cloud.functionFacts(cloud.lambdaClientFor(target), functionName);
      const data = await this.observed.read(this.target, {
        window: this.window,
        cap: this.cap,
        signal: abort.signal,
        onProgress: (p) =>
          this.post({
            type: 'progress',
            text: `Reading REPORT lines: ${p.events.toLocaleString('en-US')} events, ${p.pages} pages…`,
          }),
      });
      // One copy with the held reports counted serves both the figures and the chart.
      const settled = data.stats.snapshot();
      const summary = settled.summary();
      this.observation = {
        facts,
        summary,
        bins: cloud.durationChart(settled),
        windowMs: cloud.coveredSpanMs(data, summary),
        events: data.events,
        capped: data.capped,
      };
      // The handler's lens shows the same headline as the panel from now on.
      if (summary.invocations > 0)
        this.observed.record(this.target, {
          summary,
          windowMs: this.observation.windowMs,
          windowLabel: describeWindow(this.window),
        });
      this.render();
    } catch (error) {
      if (abort.signal.aborted) {
        this.post({
          type: 'error',
          message: 'Reading the logs was cancelled: the figures below are from before.',
        });
        return;
      }
      const message =
        error instanceof Error
          ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
          : String(error);
      this.post({
        type: 'error',
        message: `Could not read ${functionName} (${connection.label}, ${region}): ${message}`,
      });
    } finally {
      if (this.loading === abort) this.loading = undefined;
    }
  }

  private render(): void {
    const observation = this.observation;
    if (!observation) return;
    const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const request: EstimateRequest = {
      facts: observation.facts,
      observed: observation.summary,
      windowMs: observation.windowMs,
      ...this.whatIf,
      costOptions: {
        region: this.target.region,
        freeTier: settings.get<boolean>('pricing.freeTier', true),
        overrides: settings.get('pricing.overrides', {}),
      },
    };
    let model: EstimatePanelModel;
    try {
      const estimate = loadCloud().estimateFunction(request);
      model = estimatePanelModel(estimate, observation.summary, observation.bins, {
        functionName: this.target.functionName,
        where: `${this.target.connection.label}, ${this.target.region}`,
        windowLabel: describeWindow(this.window),
        events: observation.events,
        capped: observation.capped,
      });
    } catch (error) {
      this.post({
        type: 'error',
        message: `These values cannot be priced: ${errorMessage(error)}`,
      });
      return;
    }
    this.model = {
      ...model,
      whatIf: {
        ...model.whatIf,
        ...(this.whatIf.serverMonthlyUsd !== undefined
          ? { serverMonthlyUsd: this.whatIf.serverMonthlyUsd }
          : {}),
      },
      ...(this.tuning ? { tuning: this.tuning } : {}),
    };
    const readMore = (this.readMore =
      observation.capped && this.cap < MAX_PANEL_EVENT_CAP ? this.largerCap() : undefined);
    this.post({
      type: 'model',
      model: this.model,
      window: this.window,
      ...(readMore ? { readMore } : {}),
    });
    this.changed.fire(this.model);
  }

  /** What "Read more" reads at most: ten times the cap, up to the maximum. */
  private largerCap(): number {
    return Math.min(this.cap * 10, MAX_PANEL_EVENT_CAP);
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.loading?.abort();
    this.changed.dispose();
  }
}

function initialCap(): number {
  const setting = vscode.workspace
    .getConfiguration(SETTINGS_SECTION)
    .get<number>('estimate.maxEvents', 10_000);
  return Number.isInteger(setting) && setting >= 1
    ? Math.min(setting, MAX_PANEL_EVENT_CAP)
    : 10_000;
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(
    vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'estimate.js'),
  );
  const style = webview.asWebviewUri(
    vscode.Uri.joinPath(extensionUri, 'media', 'estimate', 'estimate.css'),
  );
  // The chart library's stylesheet, bundled with the script (a file: the CSP allows no inline style).
  const chartStyle = webview.asWebviewUri(
    vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'estimate.css'),
  );
  const csp = [
    `default-src 'none'`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${chartStyle.toString()}">
<link rel="stylesheet" href="${style.toString()}">
<title>Lambda estimate</title>
</head>
<body>
<div id="status" role="status" aria-live="polite">Loading…</div>
<main id="root"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
