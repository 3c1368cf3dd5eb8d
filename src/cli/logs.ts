// `lambda-lens logs FUNCTION [--follow] [--since W] [--filter P] [--request-id ID] [--json]`: a
// function's log lines from CloudWatch Logs (any connection). Without --follow, the lines of the
// window that match the filter, grouped by invocation, newest first; with --request-id, exactly one
// invocation's lines; with --follow, lines as they arrive (Live Tail, else polling) until Ctrl-C.
// Lines are untrusted: printed through displayLine (control characters inert, huge lines cut).
import { parseFunctionRef } from '../core/arn';
import { displayLine } from '../core/logs/displayLine';
import { logTime, TimeText } from '../core/logs/documentLine';
import { inertText } from '../core/inertText';
import { functionLogGroup } from '../core/logNames';
import { windowRange } from '../core/report/reportWindow';
import { logsClientFor } from '../cloud/clients';
import { followLogs, type FollowMode, type LogLine } from '../cloud/logs/followLogs';
import { invocationLines } from '../cloud/logs/invocationLines';
import { searchLogs, SearchTokenError } from '../cloud/logs/searchLogs';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { CONNECTION_HELP, CONNECTION_OPTIONS, openConnection } from './connectionOptions';
import { parseOptions } from './options';
import { windowOption } from './windowOption';
import { untilDrained } from '../local/streams/untilDrained';

const HELP = `Usage: lambda-lens logs FUNCTION [--follow] [--since W] [--filter PATTERN] [--request-id ID] [--json]
                        [--limit N] [--next-token T] [--poll]
                        [--profile P] [--region R] [--endpoint URL] [--home DIR]

Prints the log lines of FUNCTION (a name or ARN) from /aws/lambda/FUNCTION.
  (default)        the lines of the window W that match PATTERN, grouped by invocation (request id),
                   newest invocation first, N invocations a page (--limit, default 20); the next page
                   with --next-token
  --follow, -f     lines as they arrive, until Ctrl-C, each once, in order per stream: CloudWatch Logs
                   Live Tail, or FilterLogEvents polling every second where Live Tail is not to be had
                   (stderr says which); with --since, the window's lines first
  --request-id ID  exactly one invocation's lines, START to REPORT (looked for over W, default 24h)
  --since W        1h (default), 24h, 7d, N followed by m, h, d or w, or FROM..TO in ISO 8601 (UTC)
  --filter P       a CloudWatch Logs filter pattern (terms, "phrases", ?a ?b, -x, [fields], { $.json })
  --json           one JSON object per line (per invocation without --follow)
  --poll           follow by polling even where Live Tail is available
${CONNECTION_HELP}

Control characters in lines are shown as \\uXXXX; lines over 8,192 characters are cut with a marker.`;

export const logsCommand: CliCommand = {
  summary: "print, search and follow a function's logs (local endpoint, AWS profile or endpoint)",
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...CONNECTION_OPTIONS,
        follow: { type: 'boolean', short: 'f', default: false },
        since: { type: 'string' },
        filter: { type: 'string' },
        'request-id': { type: 'string' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        'next-token': { type: 'string' },
        poll: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      { positionals: true },
    );
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new CliError('give one FUNCTION (a name or ARN)', 2);
    const ref = parseFunctionRef(positionals[0]!);
    if (!ref) throw new CliError(`"${positionals[0]}" is not a function name or ARN`, 2);
    const requestId = values['request-id'];
    if (requestId !== undefined && !/^[0-9a-f-]{36}$/i.test(requestId))
      throw new CliError(
        `--request-id must be a request id such as 8f5b6a3e-2c1d-4e0f-9a7b-1c2d3e4f5a6b, not "${requestId}"`,
        2,
      );
    if (requestId !== undefined && values.follow)
      throw new CliError('--request-id and --follow cannot be used together', 2);
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new CliError(`--limit must be a whole number from 1 to 1000, not "${values.limit}"`, 2);
    const window = values.since === undefined ? undefined : windowOption('--since', values.since);
    const connection = await openConnection(values);
    const logs = logsClientFor(connection.target);
    const logGroupName = functionLogGroup(ref.name);
    const fromLocalEndpoint = connection.kind === 'local';
    const filterPattern = values.filter;
    const out = new LineWriter(values.json);
    try {
      if (requestId !== undefined) {
        const found = await invocationLines({
          logs,
          logGroupName,
          requestId: requestId.toLowerCase(),
          window: window ?? '24h',
          fromLocalEndpoint,
        });
        if (found.lines.length === 0) {
          process.stderr.write(
            `No lines of request ${requestId} in ${logGroupName} on ${connection.label} over the window.\n`,
          );
          return 1;
        }
        out.lines(found.lines);
        if (!found.complete)
          process.stderr.write('No REPORT closes this invocation yet: it may still be running.\n');
        return 0;
      }
      if (!values.follow) {
        const page = await searchLogs({
          logs,
          logGroupName,
          window: window ?? '1h',
          limit,
          fromLocalEndpoint,
          ...(filterPattern ? { filterPattern } : {}),
          ...(values['next-token'] ? { nextToken: values['next-token'] } : {}),
        });
        if (!page.logGroupFound)
          process.stderr.write(
            `${ref.name} has no log group on ${connection.label} yet: it was never invoked there.\n`,
          );
        for (const invocation of page.invocations)
          out.invocation(invocation.requestId, invocation.lines);
        if (page.nextToken) process.stderr.write(`More: --next-token ${page.nextToken}\n`);
        return 0;
      }
      return await follow({
        logs,
        logGroupName,
        fromLocalEndpoint,
        out,
        window,
        label: connection.label,
        poll: values.poll,
        ...(filterPattern ? { filterPattern } : {}),
      });
    } catch (error) {
      if (error instanceof SearchTokenError) throw new CliError(error.message, 2);
      if (error instanceof CliError) throw error;
      if ((error as { name?: string }).name === 'InvalidParameterException')
        throw new CliError(inertText((error as Error).message), 2);
      throw connection.explain(error);
    } finally {
      await out.flush();
      await connection.close();
    }
  },
};

/** Text gathered before a write: a few pipe buffers' worth. */
const WRITE_CHARS = 256 * 1024;

async function follow(o: {
  logs: ReturnType<typeof logsClientFor>;
  logGroupName: string;
  fromLocalEndpoint: boolean;
  out: LineWriter;
  window: Parameters<typeof windowRange>[0] | undefined;
  label: string;
  poll: boolean;
  filterPattern?: string;
}): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await followLogs({
      logs: o.logs,
      logGroupName: o.logGroupName,
      fromLocalEndpoint: o.fromLocalEndpoint,
      signal: stop.signal,
      polling: o.poll,
      ...(o.filterPattern ? { filterPattern: o.filterPattern } : {}),
      ...(o.window ? { since: windowRange(o.window).startMs } : {}),
      onNotice: (text) => process.stderr.write(`${inertText(text)}\n`),
      onLines: (lines) => o.out.lines(lines),
      onMode: (mode) => process.stderr.write(`${modeText(mode, o.logGroupName, o.label)}\n`),
    });
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function modeText(mode: FollowMode, group: string, label: string): string {
  switch (mode.kind) {
    case 'live-tail':
      return `Following ${group} on ${label} with Live Tail (Ctrl-C to stop).`;
    case 'polling':
      return `${inertText(mode.reason)}: following ${group} on ${label} by polling FilterLogEvents every ${mode.intervalMs / 1000} s (Ctrl-C to stop).`;
    case 'waiting':
      return `${inertText(mode.reason)}.`;
  }
}

/**
 * Writes lines to stdout, as text or JSON, always through displayLine / inertText. Lines arrive
 * an update (up to 500) at a time: their text is gathered and written once per turn of the event
 * loop, or once it is large, so that a burst costs a few large writes rather than one per update.
 * `lines` returns a promise while stdout holds more than it can take (a slow pipe or terminal):
 * the follow waits for it, so nothing piles up here.
 */
class LineWriter {
  // Lines arrive in bursts of one millisecond: its text is made once.
  private readonly times = new TimeText();
  private lastStream = '';
  private lastStreamText = '';
  private pending = '';
  private scheduled = false;
  private draining: Promise<void> | undefined;

  constructor(private readonly json: boolean) {}

  lines(lines: readonly LogLine[]): Promise<void> | undefined {
    let text = '';
    for (const line of lines) text += `${this.format(line)}\n`;
    this.write(text);
    return this.backedUp();
  }

  invocation(requestId: string | undefined, lines: readonly LogLine[]): void {
    if (this.json) {
      this.write(
        `${inertText(JSON.stringify({ requestId: requestId ?? null, lines: lines.map((l) => this.record(l)) }))}\n`,
      );
      return;
    }
    let text = `── ${requestId ?? '(no request id)'} ${lines[0] ? `${logTime(lines[0].timestamp)} ${inertText(lines[0].logStreamName)}` : ''}\n`;
    for (const line of lines) text += `${this.format(line)}\n`;
    this.write(text);
  }

  flush(): Promise<void> {
    this.writeOut();
    return new Promise((resolve) => process.stdout.write('', () => resolve()));
  }

  private write(text: string): void {
    if (text === '') return;
    this.pending += text;
    if (this.pending.length >= WRITE_CHARS) this.writeOut();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.writeOut());
    }
  }

  /** While stdout holds more than it can take: one promise, settled when it drains. */
  private backedUp(): Promise<void> | undefined {
    if (!process.stdout.writableNeedDrain) return undefined;
    return (this.draining ??= untilDrained(process.stdout).then(() => {
      this.draining = undefined;
    }));
  }

  private writeOut(): void {
    this.scheduled = false;
    if (this.pending === '') return;
    process.stdout.write(this.pending);
    this.pending = '';
  }

  private format(line: LogLine): string {
    if (this.json) return inertText(JSON.stringify(this.record(line)));
    if (line.logStreamName !== this.lastStream) {
      this.lastStream = line.logStreamName;
      this.lastStreamText = inertText(line.logStreamName);
    }
    return `${this.times.of(line.timestamp)} ${this.lastStreamText} ${displayLine(line.message)}`;
  }

  private record(line: LogLine): object {
    return {
      timestamp: line.timestamp,
      logStreamName: line.logStreamName,
      message: line.message,
      ...(line.platform ? { platform: true } : {}),
    };
  }
}
