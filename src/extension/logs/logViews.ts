// The three log views, each a view over the cloud layer's logs service (cloud/logs/*): following a
// function (Live Tail, else polling; the mode in the header line), a search (a filter pattern over
// a window, grouped by invocation, newest first, older pages on request) and one invocation (START
// to REPORT). Their text is core/logs/logViewText.ts: capped, filtered and paused the same way.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ConnectionDescriptor } from '../../core/connections';
import { displayLine } from '../../core/logs/displayLine';
import { logTime } from '../../core/logs/documentLine';
import { functionLogGroup } from '../../core/logNames';
import { LogViewText, type ViewEntry } from '../../core/logs/logViewText';
import { describeWindow } from '../../core/report/reportWindow';
import { errorMessage } from '../../core/errorMessage';
import type { FollowMode, ConnectionTarget } from '../../cloud';
import { loadCloud } from '../cloudLoader';
import type { LogView } from './logDocuments';
import type { LogRequest } from './logRequest';
import { followsInWorker, followInWorker, type FollowThread } from './followWorker';

export interface LogViewContext {
  readonly connection: ConnectionDescriptor;
  readonly target: (connection: ConnectionDescriptor, region: string) => Promise<ConnectionTarget>;
  /** The setting lambdaLens.logs.maxLines, read when the view opens. */
  readonly maxLines: number;
}

/** Invocations a search page reads. */
const SEARCH_PAGE = 50;
/**
 * Events formatted in one go: a burst of 100,000 is taken in slices of a few milliseconds, the
 * event loop free between them (the time is checked after each batch of events).
 */
const DRAIN_SLICE_MS = 4;
const DRAIN_BATCH = 250;

export function openLogView(
  request: LogRequest,
  context: LogViewContext,
  changed: () => void,
): LogView {
  switch (request.kind) {
    case 'tail':
      return new TailView(request, context, changed);
    case 'search':
      return new SearchView(request, context, changed);
    case 'invocation':
      return new InvocationView(request, context, changed);
  }
}

/** What all three share: the text, the controls, and a header line saying what is shown. */
abstract class TextView<R extends LogRequest> implements LogView {
  protected readonly lines: LogViewText;
  protected readonly abort = new AbortController();
  protected readonly logGroup: string;
  readonly connectionLabel: string;
  hasMore = false;
  /** Events received and not yet formatted into the text. */
  private incoming: ViewEntry[] = [];
  private draining = false;

  constructor(
    readonly request: R,
    protected readonly context: LogViewContext,
    protected readonly changed: () => void,
  ) {
    this.lines = new LogViewText(context.maxLines);
    this.logGroup = request.logGroup ?? functionLogGroup(request.functionName);
    this.connectionLabel = context.connection.label;
    void this.start().catch((error: unknown) => {
      if (this.abort.signal.aborted) return;
      this.failed(error);
      this.changed();
    });
  }

  get paused(): boolean {
    return this.lines.paused;
  }
  get filter(): string {
    return this.lines.filter;
  }

  protected abstract start(): Promise<void>;
  protected abstract headline(): string;
  protected failed(error: unknown): void {
    this.append([{ note: `Could not read the logs: ${oneLine(errorMessage(error))}` }]);
  }

  protected target(): Promise<ConnectionTarget> {
    return this.context.target(this.context.connection, this.request.region);
  }

  protected async client(): Promise<CloudWatchLogsClient> {
    return loadCloud().logsClientFor(await this.target());
  }

  protected get fromLocalEndpoint(): boolean {
    return this.context.connection.kind === 'local';
  }

  protected get where(): string {
    return `${this.logGroup} on ${this.connectionLabel} (${this.request.region})`;
  }

  protected append(entries: readonly ViewEntry[]): void {
    for (const entry of entries) this.incoming.push(entry);
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    if (this.abort.signal.aborted) return;
    // Those beyond the cap would be dropped as soon as formatted: they are counted, not formatted.
    const beyond = this.incoming.length - this.lines.maxLines;
    if (beyond > 0 && !this.lines.paused) {
      this.incoming.splice(0, beyond);
      this.lines.countDropped(beyond);
    }
    const started = performance.now();
    let taken = 0;
    do {
      const batch = this.incoming.slice(taken, taken + DRAIN_BATCH);
      this.lines.append(batch);
      taken += batch.length;
    } while (taken < this.incoming.length && performance.now() - started < DRAIN_SLICE_MS);
    this.incoming.splice(0, taken);
    this.changed();
    if (this.incoming.length) setImmediate(() => this.drain());
    else this.draining = false;
  }

  text(): string {
    // A few events still waiting are formatted now, so that the header's count and the lines agree.
    if (this.incoming.length > 0 && this.incoming.length <= DRAIN_BATCH)
      this.lines.append(this.incoming.splice(0));
    const parts = [this.headline()];
    if (this.lines.filter)
      parts.push(
        `filter "${oneLine(this.lines.filter)}": ${this.lines.keptCount.toLocaleString('en-US')} lines kept, those containing it shown`,
      );
    if (this.lines.paused)
      parts.push(
        `paused: ${this.lines.heldCount.toLocaleString('en-US')} new line${this.lines.heldCount === 1 ? '' : 's'} held (Resume shows them)`,
      );
    return this.lines.text([parts.join(' · ')]);
  }

  pause(): void {
    this.lines.pause();
  }
  resume(): void {
    this.lines.resume();
  }
  setFilter(text: string): void {
    this.lines.setFilter(text);
  }
  more(): Promise<void> {
    return Promise.resolve();
  }

  dispose(): void {
    this.abort.abort();
  }
}

class TailView extends TextView<Extract<LogRequest, { kind: 'tail' }>> {
  private mode = 'starting…';
  /** The worker thread following, while there is one (followWorker.ts). */
  followThread: FollowThread | undefined;

  protected async start(): Promise<void> {
    const target = await this.target();
    const request = {
      target,
      logGroupName: this.logGroup,
      fromLocalEndpoint: this.fromLocalEndpoint,
    };
    const onMode = (mode: FollowMode) => {
      this.mode = modeText(mode);
      this.changed();
    };
    const onNotice = (text: string) => this.append([{ note: oneLine(text) }]);
    try {
      if (followsInWorker(request))
        await followInWorker(
          request,
          { onLines: (lines) => this.append(lines), onMode, onNotice },
          this.abort.signal,
          { started: (thread) => (this.followThread = thread) },
        );
      else {
        // A target that cannot be posted to a thread (none today: credentials are values or a
        // profile's name), or LAMBDA_LENS_FOLLOW_IN_THREAD set: followed here, as before.
        const cloud = loadCloud();
        await cloud.followLogs({
          logGroupName: request.logGroupName,
          fromLocalEndpoint: request.fromLocalEndpoint,
          logs: cloud.logsClientFor(target),
          signal: this.abort.signal,
          onLines: (lines) => this.append(lines),
          onMode,
          onNotice,
        });
      }
    } finally {
      if (!this.abort.signal.aborted) this.mode = 'stopped';
    }
  }

  protected override failed(error: unknown): void {
    this.mode = 'stopped';
    this.append([
      {
        note: `Following stopped: ${oneLine(errorMessage(error))}. Run Tail Logs again to restart it.`,
      },
    ]);
  }

  protected headline(): string {
    return `Following ${this.where} · ${this.mode}`;
  }
}

function modeText(mode: FollowMode): string {
  switch (mode.kind) {
    case 'live-tail':
      return 'Live Tail';
    case 'polling':
      return `polling FilterLogEvents every ${mode.intervalMs / 1000} s (${oneLine(mode.reason)})`;
    case 'waiting':
      return `waiting: ${oneLine(mode.reason)}`;
  }
}

class SearchView extends TextView<Extract<LogRequest, { kind: 'search' }>> {
  private nextToken: string | undefined;
  private invocations = 0;
  private state = 'searching…';
  private reading: Promise<void> | undefined;

  protected start(): Promise<void> {
    return this.page();
  }

  override more(): Promise<void> {
    if (!this.hasMore) return Promise.resolve();
    return (this.reading ??= this.page()
      .catch((error: unknown) => this.failed(error))
      .finally(() => {
        this.reading = undefined;
        this.changed();
      }));
  }

  private async page(): Promise<void> {
    const cloud = loadCloud();
    const logs = await this.client();
    this.state = this.invocations ? 'reading older invocations…' : 'searching…';
    this.changed();
    const page = await cloud.searchLogs({
      logs,
      logGroupName: this.logGroup,
      window: this.request.window,
      limit: SEARCH_PAGE,
      fromLocalEndpoint: this.fromLocalEndpoint,
      signal: this.abort.signal,
      ...(this.request.filterPattern ? { filterPattern: this.request.filterPattern } : {}),
      ...(this.nextToken ? { nextToken: this.nextToken } : {}),
    });
    this.nextToken = page.nextToken;
    this.hasMore = page.nextToken !== undefined;
    const entries: ViewEntry[] = [];
    for (const invocation of page.invocations) {
      const first = invocation.lines[0];
      entries.push({
        note: `── ${invocation.requestId ?? '(no request id)'}${first ? ` · ${logTime(first.timestamp)} · ${oneLine(first.logStreamName)}` : ''}`,
      });
      entries.push(...invocation.lines);
    }
    this.invocations += page.invocations.length;
    this.state = !page.logGroupFound
      ? 'no log group yet: the function was never invoked here'
      : `${this.invocations} invocation${this.invocations === 1 ? '' : 's'}, newest first${this.hasMore ? ' · older ones: Show Older Results' : ''}`;
    this.append(entries);
  }

  protected headline(): string {
    const pattern = this.request.filterPattern
      ? `"${oneLine(this.request.filterPattern)}"`
      : 'every line';
    return `Search ${pattern} in ${this.where}, ${describeWindow(this.request.window)} · ${this.state}`;
  }
}

class InvocationView extends TextView<Extract<LogRequest, { kind: 'invocation' }>> {
  private state = 'reading…';

  protected async start(): Promise<void> {
    const cloud = loadCloud();
    const logs = await this.client();
    const ask = {
      logs,
      logGroupName: this.logGroup,
      requestId: this.request.requestId,
      fromLocalEndpoint: this.fromLocalEndpoint,
    };
    // Most invocations looked at are recent; an older one (a week's search) is looked for further back.
    let found = await cloud.invocationLines({ ...ask, window: '24h' });
    if (found.lines.length === 0) found = await cloud.invocationLines({ ...ask, window: '7d' });
    this.state =
      found.lines.length === 0
        ? 'no lines of it in the last 7 days (CloudWatch Logs may deliver them a few seconds late: reopen it to look again)'
        : found.complete
          ? `${found.lines.length} lines, START to REPORT`
          : `${found.lines.length} lines; no REPORT closes it yet: it may still be running`;
    this.append(found.lines);
  }

  protected headline(): string {
    return `Invocation ${this.request.requestId} of ${this.request.functionName} in ${this.where} · ${this.state}`;
  }
}

/** Text of ours that quotes something untrusted (an error, a reason): one line, inert. */
function oneLine(text: string): string {
  return displayLine(text, 500);
}
