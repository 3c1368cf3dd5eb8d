// Tune Memory in the real extension host, on real functions of the extension's local endpoint:
// from the tree's item with a cancel mid-run (the function is restored: its memory size, no
// temporary alias or version), and a full run whose measured figures the estimate panel charts,
// then Apply.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { activated, localLambda } from './extension';
import { item, labels, regionChildren } from './tree';
import type { EstimatePanel } from '../../src/extension/estimatePanel';
import type { EstimatePanelModel } from '../../src/core/estimate/panelModel';
import type { TuneOutcome } from '../../src/core/tune/tuneOutcome';
import type { Ui } from '../../src/extension/ui';

const CANCELLED = 'tune-cancelled-fn';
const MEASURED = 'tune-measured-fn';
const CODE =
  'exports.handler = async () => { await new Promise((r) => setTimeout(r, 120)); return "ok"; };';

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tune memory', () => {
  let lambda: LambdaClient;
  let pick: Ui['pick'];
  let input: Ui['input'];

  before(async function () {
    this.timeout(60_000);
    ({ lambda } = await localLambda());
    for (const name of [CANCELLED, MEASURED]) {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Role: 'arn:aws:iam::123456789012:role/x',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          MemorySize: 384,
          Timeout: 30,
          Code: { ZipFile: zipSync({ 'index.js': new TextEncoder().encode(CODE) }) },
        }),
      );
    }
    const api = await activated();
    ({ pick, input } = api.ui);
    // The event: empty; the strategy: the first offered (balanced); the sizes: as each test sets them.
    api.ui.pick = async (items) => items.find((i) => i === 'Empty event: {}') ?? items[0];
  });

  after(async () => {
    const api = await activated();
    api.ui.pick = pick;
    api.ui.input = input;
    for (const name of [CANCELLED, MEASURED])
      await lambda.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
    lambda?.destroy();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function assertLeftAsItWas(name: string, memoryMB: number): Promise<void> {
    assert.equal(
      (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).MemorySize,
      memoryMB,
    );
    assert.deepEqual(
      (await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }))).Versions?.map(
        (v) => v.Version,
      ),
      ['$LATEST'],
    );
    assert.deepEqual(
      (await lambda.send(new ListAliasesCommand({ FunctionName: name }))).Aliases ?? [],
      [],
    );
  }

  it('Tune Memory from the tree, cancelled mid-run: the function is restored and its estimate panel opens', async function () {
    this.timeout(90_000);
    const api = await activated();
    api.ui.input = async () => '128,512,1024';
    const { local } = await localLambda();
    const nodes = await regionChildren('Local', local.region);
    const node = nodes[(await labels(nodes)).indexOf(CANCELLED)]!;
    assert.match(String((await item(node)).contextValue), /^function/);
    // Cancel once the second size is being invoked (as the progress notification's Cancel does).
    const tuner = api.tuner();
    let sizesInvoked = 0;
    const listening = tuner.onDidStartInvoking(() => {
      sizesInvoked += 1;
    });
    const running = vscode.commands.executeCommand<TuneOutcome | undefined>(
      'lambdaLens.tuneMemory',
      node,
    );
    await until('the run to invoke', () => (sizesInvoked > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 2_000));
    tuner.cancel();
    const outcome = await running;
    listening.dispose();
    assert.ok(outcome, 'the run returns its outcome');
    assert.deepEqual(outcome.stopped, { by: 'cancel', message: 'cancelled' });
    assert.ok(
      outcome.results.length >= 1 && outcome.results.length < 3,
      `sizes measured before the cancel: ${outcome.results.length}`,
    );
    assert.equal(outcome.restored.complete, true);
    assert.equal(outcome.restored.memoryMB, 384);
    assert.ok(outcome.restored.aliasesDeleted.includes('lambda-lens-tune-128'));
    await assertLeftAsItWas(CANCELLED, 384);
    // The run's figures went to the function's estimate panel.
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    await until(`the estimate panel's tab among ${JSON.stringify(tabs())}`, () =>
      tabs().includes(`Estimate: ${CANCELLED}`) ? true : undefined,
    );
  });

  it("a full run: the estimate panel shows the measured chart's figures, and Apply sets the chosen size", async function () {
    this.timeout(90_000);
    const api = await activated();
    api.ui.input = async () => '128,1024';
    const { local } = await localLambda();
    const panel = await vscode.commands.executeCommand<EstimatePanel>('lambdaLens.showEstimate', {
      connection: api.activeConnection.all().find((c) => c.kind === 'local')!,
      region: local.region,
      functionName: MEASURED,
    });
    // The panel's own button asks for the run (as a click on Tune Memory… does).
    await panel.receive({ type: 'tune' });
    const model = await until<EstimatePanelModel>('the measured chart', () =>
      panel.model?.tuning ? panel.model : undefined,
    );
    const tuning = model.tuning!;
    assert.deepEqual(
      tuning.sizes.map((s) => s.memoryMB),
      [128, 1024],
    );
    for (const size of tuning.sizes) {
      assert.ok(size.warmP50Ms! >= 120, `warm p50 at ${size.memoryMB} MB: ${size.warmP50Ms}`);
      assert.ok(size.coldP50Ms! > 0 && size.costPer1MUsd! > 0);
      assert.equal(size.incomplete, false);
    }
    // The same handler wait at both sizes: the smaller one costs less, and the balanced strategy takes it.
    assert.equal(tuning.recommendedMB, 128, tuning.reason);
    assert.match(tuning.table.rows[0]![0]!, /^128 MB \(recommended\)$/);
    assert.equal(tuning.table.rows[0]![1], '10/10');
    assert.ok(
      tuning.restored[0]!.startsWith(`Restored ${MEASURED}: MemorySize 384 MB restored on $LATEST`),
      tuning.restored[0],
    );
    await assertLeftAsItWas(MEASURED, 384);
    // A size the run did not measure is ignored (the webview's message is untrusted); a measured one is set.
    await panel.receive({ type: 'applyMemory', memoryMB: 2048 });
    assert.equal(
      (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: MEASURED })))
        .MemorySize,
      384,
    );
    await panel.receive({ type: 'applyMemory', memoryMB: 128 });
    assert.equal(
      (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: MEASURED })))
        .MemorySize,
      128,
    );
    await until('the panel to show the new size', () =>
      panel.model?.tuning?.currentMB === 128 ? true : undefined,
    );
  });

  it('a protected function asks first: declined, nothing is changed and nothing runs', async function () {
    this.timeout(30_000);
    const api = await activated();
    const settings = vscode.workspace.getConfiguration('lambdaLens');
    await settings.update('protectedFunctions', ['tune-*'], vscode.ConfigurationTarget.Global);
    const asked: string[] = [];
    const confirm = api.ui.confirm;
    api.ui.confirm = async (message, detail) => {
      asked.push(`${message} ${detail}`);
      return false;
    };
    try {
      const outcome = await vscode.commands.executeCommand<TuneOutcome | undefined>(
        'lambdaLens.tuneMemory',
        {
          connection: api.activeConnection.all().find((c) => c.kind === 'local')!,
          region: (await localLambda()).local.region,
          functionName: CANCELLED,
        },
      );
      assert.equal(outcome, undefined);
      assert.equal(asked.length, 1);
      assert.match(
        asked[0]!,
        /^Tune the protected function "tune-cancelled-fn"\? .*it matches "tune-\*" in the lambdaLens\.protectedFunctions setting/,
      );
      await assertLeftAsItWas(CANCELLED, 384);
    } finally {
      api.ui.confirm = confirm;
      await settings.update('protectedFunctions', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
