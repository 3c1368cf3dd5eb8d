// `lambda-lens tune`: memory tuning by real invokes (cloud/tune/tuneFunction.ts) on the local
// endpoint, a profile or an endpoint. Ctrl-C stops the run, and the run still restores the
// function before the command exits (130), saying what it put back.
import { readFileSync } from 'node:fs';
import { protectionReason } from '../core/deploy/protectedFunctions';
import { checkPayload } from '../core/invoke/payload';
import {
  DEFAULT_TUNE_INVOCATIONS,
  DEFAULT_TUNE_SIZES_MB,
  checkTunePlan,
} from '../core/tune/tunePlan';
import type { TuneOutcome } from '../core/tune/tuneOutcome';
import { lambdaClientFor } from '../cloud/clients';
import { functionIdentity } from '../cloud/functions';
import { tuneFunction } from '../cloud/tune/tuneFunction';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { CONNECTION_HELP, CONNECTION_OPTIONS, openConnection } from './connectionOptions';
import { parseOptions } from './options';
import { protectedPatternsIn } from './protectedPatterns';
import { tuneLines } from './tuneText';

const HELP = `Usage: lambda-lens tune FUNCTION [--memory 128,256,512,1024,1769] [--invocations N] [--concurrency C]
                        [--payload JSON | --event FILE] [--strategy cost|speed|balanced] [--json] [--yes]
                        [--profile P] [--region R] [--endpoint URL] [--home DIR]

Measures FUNCTION at each memory size by real invokes and recommends one. Each size is published as
a version behind a temporary alias (lambda-lens-tune-<size>): $LATEST runs at the test size only
between its update and its publish, then gets its own size back. It is invoked N times through the
alias (the first a cold start, then C at a time), and each invoke's REPORT gives the figures: cold
and warm p50/p90/p99, billed duration, memory used, errors, cost per 1M and per month at the
function's traffic of the last 24 h. Aliases, versions and the memory size are always restored,
also on an error or Ctrl-C.
  --memory LIST        sizes in MB (default ${DEFAULT_TUNE_SIZES_MB.join(',')})
  --invocations N      invocations per size (default ${DEFAULT_TUNE_INVOCATIONS})
  --concurrency C      warm invocations at a time (default 1)
  --payload JSON       the event (default {}); --event FILE reads it from a file (- for stdin)
  --strategy S         cost (cheapest per 1M), speed (fastest warm p50), balanced (default)
  --requests-per-month N   price this traffic instead of the observed one
  --json               one JSON object: function, strategy, recommendation, restored, results
  --yes                tune a protected function (lambdaLens.protectedFunctions in .vscode/settings.json,
                       or tagged protected=true) without asking
${CONNECTION_HELP}
On the local endpoint each invoke asks for Lambda's CPU share for its size; durations follow memory
only when the endpoint gives it.
Exit status: 0 when every size was measured and restored, 1 when something failed, 130 on Ctrl-C.`;

export const tuneCommand: CliCommand = {
  summary: 'find the memory size by real invokes, restoring the function afterwards',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...CONNECTION_OPTIONS,
        memory: { type: 'string' },
        invocations: { type: 'string' },
        concurrency: { type: 'string' },
        payload: { type: 'string' },
        event: { type: 'string' },
        strategy: { type: 'string' },
        'requests-per-month': { type: 'string' },
        json: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      { positionals: true },
    );
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [name, ...extra] = positionals;
    if (!name || extra.length)
      throw new CliError(
        'tune takes one function name, for example: lambda-lens tune my-function --memory 128,512,1024',
        2,
      );
    const checked = checkTunePlan({
      ...(values.memory !== undefined ? { sizes: values.memory } : {}),
      ...(values.invocations !== undefined ? { invocations: values.invocations } : {}),
      ...(values.concurrency !== undefined ? { concurrency: values.concurrency } : {}),
      ...(values.strategy !== undefined ? { strategy: values.strategy } : {}),
    });
    if (!checked.ok) throw new CliError(checked.problems.map((p) => `--${p}`).join('; '), 2);
    const requestsPerMonth =
      values['requests-per-month'] === undefined ? undefined : Number(values['requests-per-month']);
    if (
      requestsPerMonth !== undefined &&
      !(
        values['requests-per-month']!.trim() !== '' &&
        Number.isFinite(requestsPerMonth) &&
        requestsPerMonth >= 0
      )
    ) {
      throw new CliError(
        `--requests-per-month must be a number from 0, not "${values['requests-per-month']}"`,
        2,
      );
    }
    if (values.payload !== undefined && values.event !== undefined)
      throw new CliError('Give either --payload or --event, not both', 2);
    const [text, source] =
      values.event !== undefined
        ? [readEvent(values.event), values.event === '-' ? 'stdin' : values.event]
        : [values.payload ?? '{}', '--payload'];
    const payload = checkPayload(text, 'RequestResponse', source);
    if (!payload.ok) throw new CliError(payload.message, 2);

    const connection = await openConnection(values);
    const controller = new AbortController();
    let interrupted = false;
    const onSigint = () => {
      if (!interrupted)
        process.stderr.write(
          'Stopping: restoring the function (its aliases, versions and memory size) before exiting…\n',
        );
      else process.stderr.write('Still restoring; it ends on its own in a few seconds.\n');
      interrupted = true;
      controller.abort(new Error('interrupted (Ctrl-C)'));
    };
    process.on('SIGINT', onSigint);
    let outcome: TuneOutcome;
    /** What failed before anything was changed, said so the user knows what to do. */
    const explain = (error: unknown): CliError => {
      if (interrupted) return new CliError('interrupted (Ctrl-C) before anything was changed', 130);
      if (error instanceof CliError) return error;
      const { name: errorName, message } = (error ?? {}) as { name?: string; message?: string };
      if (errorName === 'ResourceNotFoundException')
        return new CliError(
          `no function "${name}" on ${connection.label} (${connection.target.region})`,
        );
      return errorName && /Exception$/.test(errorName)
        ? new CliError(`${errorName}: ${message}`)
        : connection.explain(error);
    };
    try {
      await refuseProtected(name, connection.target, connection.label, values.yes === true).catch(
        (error: unknown) => {
          throw explain(error);
        },
      );
      outcome = await tuneFunction({
        target: connection.target,
        functionName: name,
        plan: checked.plan,
        payload: payload.bytes,
        local: connection.kind === 'local',
        ...(requestsPerMonth !== undefined ? { requestsPerMonth } : {}),
        costOptions: { region: connection.target.region },
        signal: controller.signal,
        ...(values.json
          ? {}
          : {
              onProgress: (p) => {
                if (p.stage !== 'invoking' || process.stderr.isTTY)
                  process.stderr.write(`${p.message}\n`);
              },
            }),
      }).catch((error: unknown) => {
        throw explain(error);
      });
    } finally {
      process.off('SIGINT', onSigint);
      await connection.close();
    }
    if (values.json) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    else process.stdout.write(`${tuneLines(outcome).join('\n')}\n`);
    if (interrupted) return 130;
    return outcome.stopped || !outcome.restored.complete ? 1 : 0;
  },
};

/** A protected function (the workspace's setting, or its tags) is tuned only with --yes: the run changes it for seconds. */
async function refuseProtected(
  name: string,
  target: Parameters<typeof lambdaClientFor>[0],
  label: string,
  yes: boolean,
): Promise<void> {
  const { patterns, problem } = protectedPatternsIn(process.cwd());
  if (problem) process.stderr.write(`Warning: ${problem}\n`);
  const identity = await functionIdentity(lambdaClientFor(target), name);
  const reason = protectionReason(name, identity?.tags, patterns);
  if (reason && !yes) {
    throw new CliError(
      `${name} on ${label} is protected (${reason}): tuning publishes versions and changes its memory size for seconds. Run again with --yes to tune it anyway`,
    );
  }
}

function readEvent(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliError(
      `Cannot read the event ${file === '-' ? 'from stdin' : `file ${file}`}: ${(error as Error).message}`,
      2,
    );
  }
}
