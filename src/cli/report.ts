// `lambda-lens report [FILE|-]`: statistics of the REPORT lines in a log file or stdin (text and
// JSON formats, other lines ignored), streamed line by line in constant memory.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ReportStats } from '../core/report/reportStats';
import { durationChart } from '../core/report/durationChart';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { summaryLines } from './summaryText';

const HELP = `Usage: lambda-lens report [FILE|-] [--json] [--bins N]

Reads Lambda log lines (REPORT lines in the text format, platform.report records in the JSON
format, with or without a timestamp prefix) from FILE or stdin ("-" or nothing), and prints
invocations, cold starts, Duration and Init Duration percentiles, billed duration, memory,
time-outs and errors. Malformed REPORT lines are skipped and counted.
  --json    one JSON object: the summary and a duration chart (warm and cold counts per bin)
  --bins N  bins of the chart (default 20)`;

export const reportCommand: CliCommand = {
  summary: 'statistics of REPORT lines from a file or stdin',
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false }, bins: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }, strict: true });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new CliError('give one FILE (or - for stdin)', 2);
    const bins = values.bins === undefined ? 20 : Number(values.bins);
    if (!Number.isInteger(bins) || bins < 1 || bins > 200) throw new CliError(`--bins must be a whole number from 1 to 200, not "${values.bins}"`, 2);
    const file = positionals[0];
    const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
    const stats = new ReportStats();
    // readline does not always reject on a read error, so the stream's own end or error decides.
    const ended = new Promise<void>((resolve, reject) => {
      input.once('error', reject);
      input.once('end', resolve);
    });
    ended.catch(() => {});
    try {
      for await (const line of createInterface({ input, crlfDelay: Infinity })) stats.addMessage(line);
      await ended;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new CliError(`cannot read ${file}: ${code}`);
      throw error;
    }
    const summary = stats.summary();
    if (values.json) process.stdout.write(`${JSON.stringify({ summary, chart: durationChart(stats, bins) }, null, 2)}\n`);
    else process.stdout.write(`${summaryLines(summary).join('\n')}\n`);
    return 0;
  },
};
