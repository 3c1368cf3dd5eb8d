// What a function's own REPORT lines say, for the estimate panel and the handler's CodeLens: its
// logs over a window, plus the REPORT records of this session's invokes that the logs do not hold
// yet (CloudWatch Logs delivers them seconds later). For the lens, read in the background over the
// last 24 hours (capped), kept for a few minutes, read again after an invoke of that function, and
// replaced by what the panel read when it is opened. Until they arrive, or when there are none,
// the lens shows the estimate and says so.
import * as vscode from 'vscode';
import type { ReportData, ReportFetchOptions, ReportSummary } from '../cloud';
import type { ReportRecord } from '../core/report/reportLine';
import { describeWindow } from '../core/report/reportWindow';
import { SessionReports } from '../core/report/sessionReports';
import { loadCloud } from './cloudLoader';
import type { Connections } from './connections';
import type { InvokeTarget } from './invoke';

export interface Observation {
  readonly summary: ReportSummary;
  /** The span the figures cover, to scale them to a month. */
  readonly windowMs: number;
  /** "last 24 hours", for the hover. */
  readonly windowLabel: string;
}

/** A lens re-reads logs at most this often per function (FilterLogEvents is a paged API call). */
export const OBSERVATION_TTL_MS = 5 * 60_000;
/** Enough for stable percentiles; the panel reads more when the user asks. */
export const LENS_EVENT_CAP = 2_000;
/** The logs a lens reads. */
const LENS_WINDOW = '24h';

interface Entry {
  observation?: Observation;
  readAt: number;
  /** A background read is in flight. */
  reading: boolean;
  stale: boolean;
}

export class ObservedFigures implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly session = new SessionReports();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when new figures arrived for some function. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly connections: Connections,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The figures known now (undefined while none were read or the function has no REPORT lines),
   * and a background read when they are missing or old.
   */
  get(target: InvokeTarget): Observation | undefined {
    const key = keyOf(target);
    const entry = this.entries.get(key);
    if (
      !entry ||
      (!entry.reading && (entry.stale || this.now() - entry.readAt > OBSERVATION_TTL_MS))
    )
      this.refresh(key, target, entry);
    return entry?.observation;
  }

  /** The panel's fuller read replaces the lens's own. */
  record(target: InvokeTarget, observation: Observation): void {
    this.entries.set(keyOf(target), {
      observation,
      readAt: this.now(),
      stale: false,
      reading: false,
    });
    this.changed.fire();
  }

  /**
   * After an invoke: its REPORT record (from the log tail) joins the session's, and the next lens
   * reads again (showing the old figures until then).
   */
  invoked(target: InvokeTarget, report: ReportRecord | undefined): void {
    if (report) this.session.add(keyOf(target), report, this.now());
    const entry = this.entries.get(keyOf(target));
    if (!entry) return;
    entry.stale = true;
    this.changed.fire();
  }

  /**
   * The function's REPORT records over the window, with the session's that the logs lack yet. On
   * the Local connection only the lines the endpoint marked as its own are REPORT lines.
   */
  async read(
    target: InvokeTarget,
    options: Omit<ReportFetchOptions, 'watchRequestIds' | 'fromLocalEndpoint'>,
  ): Promise<ReportData> {
    const cloud = loadCloud();
    const key = keyOf(target);
    const client = await this.connections.logsClient(target.connection, target.region);
    const data = await cloud.fetchReportData(client, target.functionName, {
      ...options,
      watchRequestIds: this.session.requestIds(key),
      fromLocalEndpoint: target.connection.kind === 'local',
    });
    // A capped read holds the window's oldest events: the session's newest would skew its rate.
    if (data.capped) return data;
    const unseen = this.session.unseen(key, data.seenRequestIds, data.startMs, data.endMs);
    for (const { record, timestamp } of unseen) data.stats.add(record, timestamp);
    return { ...data, events: data.events + unseen.length };
  }

  private refresh(key: string, target: InvokeTarget, previous: Entry | undefined): void {
    const entry: Entry = previous ?? { readAt: 0, stale: false, reading: false };
    this.entries.set(key, entry);
    // Marked before the read starts: a read that fails before its first await clears it in `finally`.
    entry.reading = true;
    void (async () => {
      try {
        const data = await this.read(target, { window: LENS_WINDOW, cap: LENS_EVENT_CAP });
        const summary = data.stats.summary();
        const cloud = loadCloud();
        // No REPORT line yet: nothing observed, and the lens keeps its estimate.
        entry.observation =
          summary.invocations > 0
            ? {
                summary,
                windowMs: cloud.coveredSpanMs(data, summary),
                windowLabel: `${data.capped ? `the oldest ${LENS_EVENT_CAP.toLocaleString('en-US')} of the ` : ''}${describeWindow(LENS_WINDOW)}`,
              }
            : undefined;
        this.changed.fire();
      } catch {
        // No access to the logs, no log group, the endpoint is down: the estimate stays, and the
        // lens does not retry before the TTL (a lens must never loop on a failing call).
      } finally {
        entry.readAt = this.now();
        entry.stale = false;
        entry.reading = false;
      }
    })();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function keyOf(target: InvokeTarget): string {
  return `${target.connection.id}\n${target.region}\n${target.functionName}`;
}
