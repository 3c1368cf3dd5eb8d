// A memory tuning run on any connection: each size published behind its temporary alias
// (sizeVersion.ts), invoked N times through it (the first cold, then C at a time), each REPORT
// read from the invoke's log tail; then everything the run made is undone (tuneLedger.ts) — on
// success, on an error and on a cancel alike — and the outcome says what was put back.
import { estimateFunction } from '../../core/cost/functionEstimate';
import type { CostOptions } from '../../core/cost/monthlyCost';
import { errorMessage } from '../../core/errorMessage';
import { trafficOf, tuneOutcome, type TuneOutcome } from '../../core/tune/tuneOutcome';
import { invocationBatches, type TunePlan } from '../../core/tune/tunePlan';
import {
  summarizeSize,
  type SizeResult,
  type TuneInvocation,
  type TuneTraffic,
} from '../../core/tune/tuneStatistics';
import { lambdaClientFor, logsClientFor, type ConnectionTarget } from '../clients';
import { factsOf } from '../functionFacts';
import { coveredSpanMs, fetchReportData } from '../reportData';
import { waitUntilUpdated } from './functionUpdates';
import { publishSize } from './sizeVersion';
import { TuneLedger } from './tuneLedger';
import { tuneInvoke } from './tuneInvoke';

export type TuneStage = 'reading' | 'publishing' | 'invoking' | 'restoring' | 'done';

export interface TuneProgress {
  readonly stage: TuneStage;
  readonly message: string;
  readonly memoryMB?: number;
  /** Invocations done of the whole run, for a progress bar. */
  readonly done: number;
  readonly total: number;
}

export interface TuneRequest {
  readonly target: ConnectionTarget;
  readonly functionName: string;
  readonly plan: TunePlan;
  readonly payload: Uint8Array;
  /** The connection is the local endpoint: its logs carry its marks, and it can give Lambda's CPU share. */
  readonly local: boolean;
  /** Price this traffic instead of the observed one. */
  readonly requestsPerMonth?: number;
  readonly costOptions?: CostOptions;
  /** Cancels the run; what was made is undone all the same. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: TuneProgress) => void;
}

export const LATEST_NOTE =
  "$LATEST ran at each test size only between its update and its publish (Power Tuning's way); the invocations went to temporary versions behind lambda-lens-tune-<size> aliases";
export const LOCAL_CPU_SHARE_NOTE =
  "local durations follow memory only when the endpoint gives each environment Lambda's CPU share for its size (asked for on every invoke); without it every size runs on the whole machine";

export async function tuneFunction(request: TuneRequest): Promise<TuneOutcome> {
  const { functionName: name, plan, signal } = request;
  const client = lambdaClientFor(request.target);
  const total = plan.sizesMB.length * plan.invocations;
  let done = 0;
  const progress = (stage: TuneStage, message: string, memoryMB?: number) =>
    request.onProgress?.({
      stage,
      message,
      done,
      total,
      ...(memoryMB !== undefined ? { memoryMB } : {}),
    });

  progress('reading', `Reading ${name}'s configuration and traffic`);
  const config = await waitUntilUpdated(client, name, signal);
  const facts = factsOf(config);
  const traffic = await observedTraffic(request, facts);
  const ledger = new TuneLedger(name, facts.memoryMB);
  const leftovers = await ledger.noteLeftovers(client, signal);
  const results: SizeResult[] = [];
  let stopped: TuneOutcome['stopped'];
  let current: { memoryMB: number; runs: TuneInvocation[] } | undefined;
  const context = {
    architecture: facts.architecture,
    traffic,
    ...(facts.ephemeralStorageMB !== undefined
      ? { ephemeralStorageMB: facts.ephemeralStorageMB }
      : {}),
    ...(request.costOptions ? { costOptions: request.costOptions } : {}),
  };
  try {
    for (const memoryMB of plan.sizesMB) {
      signal?.throwIfAborted();
      progress('publishing', `Publishing ${memoryMB} MB behind a temporary alias`, memoryMB);
      const alias = await publishSize(client, ledger, memoryMB, signal);
      current = { memoryMB, runs: [] };
      for (const batch of invocationBatches(plan)) {
        signal?.throwIfAborted();
        progress(
          'invoking',
          `Invoking at ${memoryMB} MB (${current.runs.length + 1}–${current.runs.length + batch} of ${plan.invocations})`,
          memoryMB,
        );
        const runs = await Promise.all(
          Array.from({ length: batch }, () =>
            tuneInvoke(client, name, alias, request.payload, {
              cpuShare: request.local,
              ...(signal ? { signal } : {}),
            }),
          ),
        );
        current.runs.push(...runs);
        done += batch;
      }
      results.push(summarizeSize(memoryMB, plan.invocations, current.runs, context));
      current = undefined;
    }
  } catch (error) {
    stopped = signal?.aborted
      ? { by: 'cancel', message: 'cancelled' }
      : { by: 'error', message: errorMessage(error) };
    // The size under way counts with what it measured, shown as fewer than asked.
    if (current && current.runs.length > 0)
      results.push(summarizeSize(current.memoryMB, plan.invocations, current.runs, context));
  }
  progress('restoring', `Deleting the temporary aliases and versions of ${name}`);
  // The restore's calls take no signal: a cancel must not stop the undoing.
  const restored = await ledger.restore(client);
  progress('done', 'Done');
  const notes = [LATEST_NOTE, `costs priced at ${traffic.basis}`];
  if (request.local) notes.push(LOCAL_CPU_SHARE_NOTE);
  if (leftovers)
    notes.push(
      `${leftovers} temporary alias${leftovers === 1 ? '' : 'es'} of an earlier run that did not finish ${leftovers === 1 ? 'was' : 'were'} found and deleted with this run's`,
    );
  return tuneOutcome({
    function: name,
    strategy: plan.strategy,
    restored,
    results,
    traffic,
    ...(stopped ? { stopped } : {}),
    notes,
  });
}

/** The function's traffic from its REPORT lines of the last 24 h (read before the run adds its own), else a what-if or the assumption. */
async function observedTraffic(
  request: TuneRequest,
  facts: ReturnType<typeof factsOf>,
): Promise<TuneTraffic> {
  const whatIf =
    request.requestsPerMonth !== undefined ? { requestsPerMonth: request.requestsPerMonth } : {};
  try {
    const data = await fetchReportData(logsClientFor(request.target), request.functionName, {
      window: '24h',
      fromLocalEndpoint: request.local,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const observed = data.stats.summary();
    return trafficOf(
      estimateFunction({ facts, observed, windowMs: coveredSpanMs(data, observed), ...whatIf }),
    );
  } catch (error) {
    if (request.signal?.aborted) throw error;
    const traffic = trafficOf(estimateFunction({ facts, ...whatIf }));
    return {
      ...traffic,
      basis: `${traffic.basis}; the logs could not be read: ${errorMessage(error)}`,
    };
  }
}
