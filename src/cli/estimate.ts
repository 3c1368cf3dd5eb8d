// `lambda-lens estimate`: what a function costs a month and how slow its cold starts are, from its
// REPORT lines in CloudWatch Logs (local endpoint, AWS profile or endpoint), or a pure what-if
// with no function at all (--duration-ms and friends).
import {
  estimateFunction,
  type EstimateRequest,
  type FunctionFacts,
} from '../core/cost/functionEstimate';
import { MEMORY_MAX_MB, MEMORY_MIN_MB } from '../core/limits';
import type { ReportSummary } from '../core/report/reportStats';
import { lambdaClientFor, logsClientFor } from '../cloud/clients';
import { functionFacts } from '../cloud/functionFacts';
import { coveredSpanMs, DEFAULT_EVENT_CAP, fetchReportData } from '../cloud/reportData';
import { describeWindow } from '../core/report/reportWindow';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { parseOptions } from './options';
import { estimateLines, summaryLines } from './summaryText';
import { CONNECTION_OPTIONS, openConnection } from './connectionOptions';
import { windowOption } from './windowOption';
import { inertText } from '../core/inertText';

const HELP = `Usage: lambda-lens estimate <function> [--window W] [--requests-per-month N] [options]
       lambda-lens estimate --duration-ms MS [--memory MB] [--arch x86_64|arm64] [--requests N] [--runtime R]

Cost a month, cold starts (observed, else estimated), the cheapest and fastest memory size, the
arm64 saving and the break-even against a server, from the function's REPORT lines. With no
<function>, a what-if from the figures given.
  --window W              the logs read: 24h (default), 1h, 7d, N followed by m, h, d or w (90m, 3d),
                          or FROM..TO in ISO 8601 (2026-11-01..2026-11-08; no TO: until now; UTC)
  --cap N                 read at most N REPORT events (default ${DEFAULT_EVENT_CAP}); more is slower but surer
  --requests-per-month N  price this traffic instead of the observed one (alias --requests)
  --duration-ms MS        mean billed duration per invocation instead of the observed one
  --memory MB             price another memory size          --arch A  another architecture
  --provisioned N         provisioned concurrency             --server-price USD  monthly price of an always-on server
  --cpu-bound F           CPU-bound share of the duration (0–1) for the memory recommendation (default 0.5)
  --no-free-tier          leave the monthly free tier out     --runtime R  (what-if) runtime for the cold-start estimate
  --profile P  --region R  --endpoint URL  --home DIR   which connection (default: the local endpoint)
  --json                  one JSON object with every figure and its basis`;

export const estimateCommand: CliCommand = {
  summary: 'monthly cost and cold starts of a function (or a what-if)',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        window: { type: 'string', default: '24h' },
        cap: { type: 'string' },
        'requests-per-month': { type: 'string' },
        requests: { type: 'string' },
        'duration-ms': { type: 'string' },
        memory: { type: 'string' },
        arch: { type: 'string' },
        provisioned: { type: 'string' },
        'server-price': { type: 'string' },
        'cpu-bound': { type: 'string' },
        'no-free-tier': { type: 'boolean', default: false },
        runtime: { type: 'string' },
        ...CONNECTION_OPTIONS,
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      { positionals: true },
    );
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new CliError('give one function name', 2);
    const name = positionals[0];
    const window = windowOption('--window', values.window);
    const num = (
      flag: string,
      text: string | undefined,
      min: number,
      max = Infinity,
    ): number | undefined => {
      if (text === undefined) return undefined;
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max)
        throw new CliError(
          `--${flag} must be a number from ${min}${max < Infinity ? ` to ${max}` : ''}, not "${text}"`,
          2,
        );
      return value;
    };
    const requestsPerMonth =
      values['requests-per-month'] !== undefined
        ? num('requests-per-month', values['requests-per-month'], 0)
        : num('requests', values.requests, 0);
    const durationMs = num('duration-ms', values['duration-ms'], 0, 900_000);
    const memoryMB = num('memory', values.memory, MEMORY_MIN_MB, MEMORY_MAX_MB);
    const cap = num('cap', values.cap, 1) ?? DEFAULT_EVENT_CAP;
    const provisioned = num('provisioned', values.provisioned, 0);
    const serverMonthlyUsd = num('server-price', values['server-price'], 0);
    const cpuBound = num('cpu-bound', values['cpu-bound'], 0, 1);
    if (values.arch !== undefined && values.arch !== 'x86_64' && values.arch !== 'arm64')
      throw new CliError(`--arch must be x86_64 or arm64, not "${values.arch}"`, 2);
    const architecture = values.arch as 'x86_64' | 'arm64' | undefined;

    let facts: FunctionFacts;
    let observed: ReportSummary | undefined;
    let windowMs: number | undefined;
    let fetched:
      { events: number; pages: number; capped: boolean; logGroupFound: boolean } | undefined;
    let region = values.region ?? 'us-east-1';
    if (name === undefined) {
      if (durationMs === undefined)
        throw new CliError('give a <function>, or --duration-ms for a what-if (see --help)', 2);
      facts = {
        runtime: values.runtime ?? 'nodejs22.x',
        architecture: architecture ?? 'x86_64',
        memoryMB: memoryMB ?? 128,
      };
    } else {
      const connection = await openConnection(values);
      region = connection.target.region;
      try {
        facts = (await functionFacts(lambdaClientFor(connection.target), name)).facts;
        const data = await fetchReportData(logsClientFor(connection.target), name, {
          window,
          cap,
          fromLocalEndpoint: connection.kind === 'local',
        });
        observed = data.stats.summary();
        windowMs = coveredSpanMs(data, observed);
        fetched = {
          events: data.events,
          pages: data.pages,
          capped: data.capped,
          logGroupFound: data.logGroupFound,
        };
      } catch (error) {
        if (error instanceof CliError) throw error;
        if ((error as { name?: string }).name === 'ResourceNotFoundException')
          throw new CliError(`no function "${name}" on ${connection.label} (${region})`);
        throw connection.explain(error);
      } finally {
        await connection.close();
      }
    }
    const request: EstimateRequest = {
      facts,
      ...(observed ? { observed } : {}),
      ...(windowMs !== undefined ? { windowMs } : {}),
      ...(requestsPerMonth !== undefined ? { requestsPerMonth } : {}),
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(memoryMB !== undefined ? { memoryMB } : {}),
      ...(architecture ? { architecture } : {}),
      ...(provisioned ? { provisionedConcurrency: provisioned } : {}),
      ...(serverMonthlyUsd !== undefined ? { serverMonthlyUsd } : {}),
      ...(cpuBound !== undefined ? { cpuBoundFraction: cpuBound } : {}),
      costOptions: { region, freeTier: !values['no-free-tier'] },
    };
    let estimate;
    try {
      estimate = estimateFunction(request);
    } catch (error) {
      if (error instanceof RangeError) throw new CliError(error.message, 2);
      throw error;
    }
    if (values.json) {
      process.stdout.write(
        `${inertText(JSON.stringify({ function: name ?? null, window: name ? window : null, fetched: fetched ?? null, facts, observed: observed ?? null, estimate }, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v), 2))}\n`,
      );
      return 0;
    }
    const out: string[] = [];
    if (name) {
      out.push(
        `${name}  ${facts.runtime || '-'}  ${facts.memoryMB} MB  ${facts.architecture}  (${describeWindow(window)}: ${fetched!.events} REPORT events${fetched!.capped ? `, capped at ${cap}: raise --cap for all` : ''}${fetched!.logGroupFound ? '' : '; no log group yet: never invoked'})`,
      );
      out.push(...summaryLines(observed!), '');
    }
    out.push(...estimateLines(estimate));
    // The function's facts are the server's answer: printed inert, like everything from outside.
    process.stdout.write(`${inertText(out.join('\n'))}\n`);
    return 0;
  },
};
