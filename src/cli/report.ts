// `lambda-lens report FUNCTION [--since 24h]` or `report [FILE|-]`: statistics of a function's
// REPORT lines from its CloudWatch Logs (any connection), or of those in a log file or stdin (text
// and JSON formats, other lines ignored), streamed in constant memory.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReportStats } from '../core/report/reportStats';
import { durationChart } from '../core/report/durationChart';
import { discardedReportsBasis } from '../core/report/discardedReports';
import { logFileMessageStart } from '../core/report/logFileLine';
import { parseFunctionRef } from '../core/arn';
import { logsClientFor } from '../cloud/clients';
import { fetchReportData } from '../cloud/reportData';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { parseOptions } from './options';
import { CONNECTION_HELP, CONNECTION_OPTIONS, openConnection } from './connectionOptions';
import { summaryLines } from './summaryText';
import { windowOption } from './windowOption';

const HELP = `Usage: lambda-lens report FUNCTION [--since W] [--cap N] [--json] [--bins N]
                          [--profile P] [--region R] [--endpoint URL] [--home DIR]
       lambda-lens report [FILE|-] [--json] [--bins N]

With FUNCTION (a name or ARN that is not a file here): reads its REPORT lines from CloudWatch Logs
over the window W (default 24h; also 1h, 7d, N followed by m, h, d or w such as 90m or 3d, or
FROM..TO in ISO 8601 such as 2026-11-01..2026-11-08, UTC; at most --cap events, default 10,000). With FILE: reads Lambda log lines (REPORT lines in the text format, platform.report records in the JSON
format, as messages or as \`aws logs tail\` prints them) from FILE or stdin ("-" or nothing), and
prints invocations, cold starts, Duration and Init Duration percentiles, billed duration, memory,
time-outs and errors. A REPORT counts only where its message starts, once per request id and
invocation (the later, the platform's), and from the local endpoint only if it wrote the line; the
others are discarded and counted, as are malformed REPORT lines.
  --json    one JSON object: the summary, the basis (what was discarded and why) and a duration
            chart (warm and cold counts per bin)
  --bins N  bins of the chart (default 20)
${CONNECTION_HELP}`;

export const reportCommand: CliCommand = {
  summary: 'statistics of REPORT lines from a file or stdin',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...CONNECTION_OPTIONS,
        since: { type: 'string' },
        cap: { type: 'string' },
        json: { type: 'boolean', default: false },
        bins: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      { positionals: true },
    );
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new CliError('give one FILE (or - for stdin)', 2);
    const bins = values.bins === undefined ? 20 : Number(values.bins);
    if (!Number.isInteger(bins) || bins < 1 || bins > 200)
      throw new CliError(`--bins must be a whole number from 1 to 200, not "${values.bins}"`, 2);
    const file = positionals[0];
    const stats =
      file !== undefined && file !== '-' && !existsSync(file) && parseFunctionRef(file)
        ? await fromLogs(file, values)
        : await fromLines(file);
    const settled = stats.snapshot();
    const summary = settled.summary();
    if (values.json)
      process.stdout.write(
        `${JSON.stringify({ summary, basis: discardedReportsBasis(summary), chart: durationChart(settled, bins) }, null, 2)}\n`,
      );
    else process.stdout.write(`${summaryLines(summary).join('\n')}\n`);
    return 0;
  },
};

async function fromLogs(
  functionName: string,
  values: {
    since?: string | undefined;
    cap?: string | undefined;
    profile?: string | undefined;
    region?: string | undefined;
    endpoint?: string | undefined;
    home?: string | undefined;
  },
): Promise<ReportStats> {
  const window = windowOption('--since', values.since ?? '24h');
  const cap = values.cap === undefined ? undefined : Number(values.cap);
  if (cap !== undefined && !(Number.isInteger(cap) && cap > 0))
    throw new CliError(`--cap must be a whole number above 0, not "${values.cap}"`, 2);
  const connection = await openConnection(values);
  try {
    const data = await fetchReportData(logsClientFor(connection.target), functionName, {
      window,
      ...(cap ? { cap } : {}),
      fromLocalEndpoint: connection.kind === 'local',
      onProgress: (p) => {
        if (process.stderr.isTTY)
          process.stderr.write(`\rreading: ${p.events} events, ${p.pages} pages`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (!data.logGroupFound)
      process.stderr.write(
        `${functionName} has no log group on ${connection.label} yet: it was never invoked there.\n`,
      );
    if (data.capped)
      process.stderr.write(
        `Stopped at ${data.events} events (--cap): the figures cover the oldest part of the window.\n`,
      );
    return data.stats;
  } catch (error) {
    throw connection.explain(error);
  } finally {
    await connection.close();
  }
}

async function fromLines(file: string | undefined): Promise<ReportStats> {
  const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
  const stats = new ReportStats();
  // readline does not always reject on a read error, so the stream's own end or error decides.
  const ended = new Promise<void>((resolve, reject) => {
    input.once('error', reject);
    input.once('end', resolve);
  });
  ended.catch(() => {});
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity }))
      stats.addMessage(line, undefined, logFileMessageStart(line));
    await ended;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
      throw new CliError(`cannot read ${file}: ${code}`);
    throw error;
  }
  return stats;
}
