// The estimate panel in the real extension host, on a real function of the local endpoint invoked
// cold and warm: observed figures from its REPORT lines, what-if values, and the webview's CSP.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  InvokeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { activated, localLambda } from './extension';
import type { EstimatePanel } from '../../src/extension/estimatePanel';
import type { EstimatePanelModel } from '../../src/core/estimate/panelModel';

const NAME = 'estimate-fn';

async function rendered(
  panel: EstimatePanel,
  predicate: (m: EstimatePanelModel) => boolean,
): Promise<EstimatePanelModel> {
  const deadline = Date.now() + 30_000;
  while (!panel.model || !predicate(panel.model)) {
    if (Date.now() > deadline)
      throw new Error(
        `the panel did not render as expected: ${JSON.stringify(panel.model?.observed)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
  return panel.model;
}

describe('estimate panel', () => {
  let lambda: LambdaClient;

  before(async function () {
    this.timeout(60_000);
    ({ lambda } = await localLambda());
    const code =
      'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, event.wait ?? 5)); return "ok"; };';
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: NAME,
        Role: 'arn:aws:iam::123456789012:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 30,
        Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(code) }) },
      }),
    );
    for (let i = 0; i < 6; i++)
      await lambda.send(
        new InvokeCommand({
          FunctionName: NAME,
          Payload: Buffer.from(JSON.stringify({ wait: 5 + i * 5 })),
        }),
      );
  });

  after(async () => {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: NAME })).catch(() => undefined);
    lambda?.destroy();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the observed invocations, cold start and cost of a function from its logs', async function () {
    this.timeout(60_000);
    const local = (await activated()).activeConnection.all().find((c) => c.kind === 'local')!;
    const panel = await vscode.commands.executeCommand<EstimatePanel>('lambdaLens.showEstimate', {
      connection: local,
      region: 'us-east-1',
      functionName: NAME,
    });
    const model = await rendered(panel, (m) => m.observed[0]?.value === '6');
    const observed = Object.fromEntries(model.observed.map((f) => [f.label, f.value]));
    assert.equal(observed['Cold starts'], '1 (16.7 %)');
    assert.match(observed['Max memory used']!, /^\d+ of 512 MB/);
    assert.equal(model.whatIf.memoryMB, 512);
    assert.ok(model.costByMemory.points.length > 3);
    assert.equal(
      model.durations.table.rows.reduce((n, r) => n + Number(r[1]) + Number(r[2]), 0),
      6,
    );
    assert.match(model.headline, /per 1M/);
    assert.equal(panel.panel.title, `Estimate: ${NAME}`);
    const html = panel.panel.webview.html;
    assert.match(
      html,
      /Content-Security-Policy" content="default-src 'none'; style-src [^;]+; script-src 'nonce-([A-Za-z0-9+/=]+)'/,
    );
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)![1];
    assert.ok(html.includes(`<script nonce="${nonce}" src=`), 'the one script carries the nonce');
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('recomputes with what-if values, and returns to the observed ones', async function () {
    this.timeout(30_000);
    const local = (await activated()).activeConnection.all().find((c) => c.kind === 'local')!;
    const panel = await vscode.commands.executeCommand<EstimatePanel>('lambdaLens.showEstimate', {
      connection: local,
      region: 'us-east-1',
      functionName: NAME,
    });
    const observed = await rendered(panel, (m) => m.observed[0]?.value === '6');
    panel.applyWhatIf({ requestsPerMonth: 50_000_000, memoryMB: 1024, architecture: 'arm64' });
    const whatIf = await rendered(panel, (m) => m.whatIf.memoryMB === 1024);
    assert.equal(whatIf.whatIf.architecture, 'arm64');
    assert.equal(whatIf.whatIf.requestsPerMonth, 50_000_000);
    assert.notEqual(whatIf.cost[0]!.value, observed.cost[0]!.value);
    assert.ok(whatIf.basis.some((b) => b.includes('what-if')));
    panel.applyWhatIf({});
    await rendered(panel, (m) => m.whatIf.memoryMB === 512);
  });

  it('reads a custom range, and reads more when the cap stopped it', async function () {
    this.timeout(60_000);
    const settings = vscode.workspace.getConfiguration('lambdaLens');
    await settings.update('estimate.maxEvents', 4, vscode.ConfigurationTarget.Global);
    try {
      const local = (await activated()).activeConnection.all().find((c) => c.kind === 'local')!;
      const panel = await vscode.commands.executeCommand<EstimatePanel>('lambdaLens.showEstimate', {
        connection: local,
        region: 'us-east-1',
        functionName: NAME,
      });
      const capped = await rendered(panel, (m) => m.observed[0]?.value === '4');
      assert.match(capped.observed[0]!.basis!, /capped/);
      assert.equal(panel.readMore, 40, 'the panel offers ten times the cap');
      await panel.receive({ type: 'readMore' });
      await rendered(panel, (m) => m.observed[0]?.value === '6');
      assert.equal(panel.readMore, undefined, 'everything was read');
      // A range that ends before the function was created holds nothing; one around now holds all six.
      await panel.receive({
        type: 'window',
        window: { startMs: Date.UTC(2020, 0, 1), endMs: Date.UTC(2020, 0, 2) },
      });
      await rendered(
        panel,
        (m) =>
          m.subtitle.endsWith('2020-01-01 00:00 to 2020-01-02 00:00 UTC') &&
          m.observed[0]?.value === '0',
      );
      const now = Date.now();
      await panel.receive({
        type: 'window',
        window: { startMs: now - 3600_000, endMs: now + 60_000 },
      });
      const ranged = await rendered(
        panel,
        (m) => / UTC$/.test(m.subtitle) && m.observed[0]?.value === '4',
      );
      assert.match(
        ranged.observed[0]!.basis!,
        /capped/,
        "a new window starts again from the setting's cap",
      );
      await panel.receive({ type: 'window', window: { startMs: now, endMs: now - 1 } });
      assert.match(panel.model!.subtitle, / UTC$/, 'a reversed range from the webview is ignored');
    } finally {
      await settings.update('estimate.maxEvents', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
