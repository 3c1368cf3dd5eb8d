// Tune Memory… in the editor: the function (tree, palette or the estimate panel), its event (the
// Invoke picker's), the sizes and the strategy; then the run with a cancellable progress (a cancel
// restores, like the end of any run), the result in the estimate panel's measured chart, and Apply
// to set the chosen size. A protected function asks first, for the run and for Apply.
import * as vscode from 'vscode';
import { protectionReason } from '../core/deploy/protectedFunctions';
import { errorMessage } from '../core/errorMessage';
import {
  checkTunePlan,
  DEFAULT_TUNE_SIZES_MB,
  TUNE_STRATEGIES,
  type TuneStrategy,
} from '../core/tune/tunePlan';
import { restoredLines } from '../core/tune/restoredText';
import type { TuneOutcome } from '../core/tune/tuneOutcome';
import { loadCloud } from './cloudLoader';
import type { Connections } from './connections';
import type { FunctionsTreeProvider } from './functionsTree';
import type { Invoker, InvokeTarget } from './invoke';
import { SETTINGS_SECTION } from './settings';
import { ui } from './ui';

export interface TunerContext {
  readonly output: vscode.LogOutputChannel;
  readonly tree: FunctionsTreeProvider;
  readonly connections: Connections;
  readonly invoker: () => Invoker;
  /** Shows the outcome in the function's estimate panel (opened when none is). */
  readonly show: (target: InvokeTarget, outcome: TuneOutcome) => Promise<void>;
}

const STRATEGY_LABELS: Record<TuneStrategy, string> = {
  balanced: 'balanced: cost and speed weighed alike',
  cost: 'cost: the lowest cost per 1M invocations',
  speed: 'speed: the fastest warm p50',
};

export class MemoryTuner {
  /** The run under way, so that a cancel (the progress's Cancel, or a test) stops it. */
  private running: AbortController | undefined;
  /** Told when a run starts invoking (tests wait for it to cancel mid-run). */
  private readonly invoking = new vscode.EventEmitter<InvokeTarget>();
  readonly onDidStartInvoking = this.invoking.event;

  constructor(private readonly context: TunerContext) {}

  /** Stops the run under way; it still restores the function. */
  cancel(): void {
    this.running?.abort(new Error('cancelled'));
  }

  async run(target: InvokeTarget | undefined): Promise<TuneOutcome | undefined> {
    target ??= await this.context.invoker().chooseFunction();
    if (!target) return undefined;
    if (this.running) {
      void vscode.window.showInformationMessage(
        'A memory tuning run is under way: wait for it to end, or cancel it.',
      );
      return undefined;
    }
    const name = target.functionName;
    if (
      !(await this.confirmProtected(
        target,
        `Tune the protected function "${name}"?`,
        "Tuning publishes a version per size behind a temporary alias and changes $LATEST's memory size for the seconds between each update and publish; everything is restored afterwards.",
        'Tune',
      ))
    )
      return undefined;
    const event = await this.context.invoker().chooseEvent(target);
    if (!event) return undefined;
    const sizes = await ui.input({
      title: `Tune Memory: ${name}`,
      prompt: 'Memory sizes to measure, in MB',
      value: DEFAULT_TUNE_SIZES_MB.join(','),
      validateInput: (text) => {
        const checked = checkTunePlan({ sizes: text });
        return checked.ok ? undefined : checked.problems.join('; ');
      },
    });
    if (sizes === undefined) return undefined;
    const strategyLabel = await ui.pick(
      TUNE_STRATEGIES.map((s) => STRATEGY_LABELS[s]),
      { title: `Tune Memory: ${name}`, placeHolder: 'Recommend the size by…' },
    );
    if (!strategyLabel) return undefined;
    const strategy = TUNE_STRATEGIES.find((s) => STRATEGY_LABELS[s] === strategyLabel)!;
    const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const checked = checkTunePlan({
      sizes,
      strategy,
      invocations: settings.get<number>('tune.invocations', 10),
      concurrency: settings.get<number>('tune.concurrency', 1),
    });
    if (!checked.ok) {
      void vscode.window.showErrorMessage(
        `Cannot tune ${name}: ${checked.problems.join('; ')} (see the lambdaLens.tune settings)`,
      );
      return undefined;
    }
    await event.remember();
    return this.tune(target, checked.plan, event.bytes);
  }

  private async tune(
    target: InvokeTarget,
    plan: NonNullable<Extract<ReturnType<typeof checkTunePlan>, { ok: true }>>['plan'],
    payload: Uint8Array,
  ): Promise<TuneOutcome | undefined> {
    const { output, tree } = this.context;
    const name = target.functionName;
    const where = `${target.connection.label}, ${target.region}`;
    const abort = (this.running = new AbortController());
    output.info(
      `Tuning ${name} (${where}): ${plan.sizesMB.join(', ')} MB × ${plan.invocations} invocations, ${plan.concurrency} at a time, strategy ${plan.strategy}`,
    );
    let outcome: TuneOutcome;
    try {
      const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      outcome = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Tuning memory of ${name}`,
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort(new Error('cancelled')));
          let reported = 0;
          let told = false;
          return loadCloud().tuneFunction({
            target: await this.context.connections.target(target.connection, target.region),
            functionName: name,
            plan,
            payload,
            local: target.connection.kind === 'local',
            costOptions: {
              region: target.region,
              freeTier: settings.get<boolean>('pricing.freeTier', true),
              overrides: settings.get('pricing.overrides', {}),
            },
            signal: abort.signal,
            onProgress: (p) => {
              const share = p.total ? (p.done / p.total) * 100 : 0;
              progress.report({
                message: p.stage === 'restoring' ? 'restoring the function…' : p.message,
                increment: Math.max(0, share - reported),
              });
              reported = Math.max(reported, share);
              if (p.stage === 'invoking' && !told) {
                told = true;
                this.invoking.fire(target);
              }
            },
          });
        },
      );
    } catch (error) {
      // Nothing was changed yet (the configuration or the logs could not be read).
      output.error(`Tuning ${name} failed: ${errorMessage(error)}`);
      if (!abort.signal.aborted)
        void vscode.window.showErrorMessage(
          `Could not tune ${name} (${where}): ${errorMessage(error)}`,
        );
      return undefined;
    } finally {
      if (this.running === abort) this.running = undefined;
    }
    tree.invalidate(target.connection.id, target.region);
    const restored = restoredLines(outcome);
    for (const line of [
      ...outcome.results.map(
        (r) =>
          `  ${r.memoryMB} MB: ${r.invocations}/${r.asked} measured, ${r.errors} failed, warm p50 ${r.warm.p50Ms ?? '–'} ms, ${r.costPer1MUsd === null ? '–' : `$${r.costPer1MUsd.toFixed(4)}`} per 1M`,
      ),
      `  ${outcome.recommendation.reason}`,
      ...restored,
    ])
      output.info(line);
    await this.context.show(target, outcome);
    const rec = outcome.recommendation.memoryMB;
    const head = outcome.stopped
      ? `Tuning ${name} ${outcome.stopped.by === 'cancel' ? 'was cancelled' : `stopped: ${outcome.stopped.message}`}.`
      : `Tuned ${name}: ${rec === null ? 'no size to recommend' : `${rec} MB recommended`}.`;
    const text = `${head} ${restored[0]}.`;
    if (!outcome.restored.complete) {
      void vscode.window.showErrorMessage(`${text} ${outcome.restored.problems.join(' ')}`);
    } else if (rec !== null && rec !== outcome.restored.memoryMB && !outcome.stopped) {
      void vscode.window
        .showInformationMessage(text, `Apply ${rec} MB`)
        .then((choice) => (choice ? this.apply(target, rec) : undefined));
    } else {
      void vscode.window.showInformationMessage(text);
    }
    return outcome;
  }

  /** Sets the chosen size on $LATEST; a protected function asks first. Returns whether it was set. */
  async apply(target: InvokeTarget, memoryMB: number): Promise<boolean> {
    const name = target.functionName;
    if (
      !(await this.confirmProtected(
        target,
        `Set ${name} to ${memoryMB} MB?`,
        'Live traffic on $LATEST runs at the new size from its next invoke.',
        `Set ${memoryMB} MB`,
      ))
    )
      return false;
    try {
      const cloud = loadCloud();
      const { from, to } = await cloud.applyMemorySize(
        await this.context.connections.lambdaClient(target.connection, target.region),
        name,
        memoryMB,
      );
      this.context.output.info(
        `Set ${name} (${target.connection.label}, ${target.region}) from ${from} MB to ${to} MB`,
      );
      this.context.tree.invalidate(target.connection.id, target.region);
      void vscode.window.showInformationMessage(
        `${name} now runs at ${to} MB (it was ${from} MB).`,
      );
      return true;
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Could not set ${name} to ${memoryMB} MB: ${errorMessage(error)}`,
      );
      return false;
    }
  }

  /** A modal confirmation when the function is protected (the setting's patterns or its tags); true otherwise. */
  private async confirmProtected(
    target: InvokeTarget,
    question: string,
    detail: string,
    action: string,
  ): Promise<boolean> {
    const patterns = vscode.workspace
      .getConfiguration(SETTINGS_SECTION)
      .get<unknown[]>('protectedFunctions', []);
    let tags: Record<string, string> | undefined;
    try {
      const cloud = loadCloud();
      tags = (
        await cloud.functionIdentity(
          await this.context.connections.lambdaClient(target.connection, target.region),
          target.functionName,
        )
      )?.tags;
    } catch {
      /* the tags cannot be read: the setting alone decides */
    }
    const reason = protectionReason(
      target.functionName,
      tags,
      Array.isArray(patterns) ? patterns : [],
    );
    if (!reason) return true;
    return ui.confirm(
      question,
      `${target.connection.label}, region ${target.region}: ${reason}. ${detail}`,
      action,
    );
  }

  dispose(): void {
    this.cancel();
    this.invoking.dispose();
  }
}
