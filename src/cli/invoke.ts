// `lambda-lens invoke`: one Invoke on any connection, with the payload checked first; prints the
// response on stdout and the log tail with its REPORT figures on stderr, as the AWS CLI users know.
// Everything the function wrote is printed with its control characters made inert: a function
// must not be able to drive the user's terminal.
import { readFileSync } from 'node:fs';
import { inertText } from '../core/inertText';
import { checkPayload } from '../core/invoke/payload';
import { summarizeInvoke } from '../core/invoke/invokeResult';
import { lambdaClientFor } from '../cloud/clients';
import { invokeFunction } from '../cloud/invoke';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { parseOptions } from './options';
import { CONNECTION_HELP, CONNECTION_OPTIONS, openConnection } from './connectionOptions';

const HELP = `Usage: lambda-lens invoke FUNCTION [--payload JSON | --event FILE] [--qualifier Q] [--async] [--json]
                          [--profile P] [--region R] [--endpoint URL] [--home DIR]

Invokes FUNCTION (a name or ARN) and prints its response; the log tail and the REPORT figures
go to stderr. The payload is {} unless --payload or --event (a JSON file, or - for stdin) is given.
  --qualifier Q   a version or alias
  --async         an asynchronous (Event) invoke: Lambda queues the event and returns at once
  --json          print one JSON object: response, error, log, report
${CONNECTION_HELP}
Exit status: 0 when the function succeeded, 1 when it failed (its error is printed), 2 for a usage error.`;

export const invokeCommand: CliCommand = {
  summary: 'invoke a function with an event (local endpoint, AWS profile or endpoint)',
  async run(args) {
    const { values, positionals } = parseOptions(args, {
      ...CONNECTION_OPTIONS,
      payload: { type: 'string' }, event: { type: 'string' }, qualifier: { type: 'string' },
      async: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    }, { positionals: true });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [functionName, ...extra] = positionals;
    if (!functionName || extra.length) throw new CliError(`invoke takes one function name, for example: lambda-lens invoke my-function --event event.json`, 2);
    if (values.payload !== undefined && values.event !== undefined) throw new CliError('Give either --payload or --event, not both', 2);
    const type = values.async ? 'Event' : 'RequestResponse';
    const [text, source] = values.event !== undefined ? [readEvent(values.event), values.event === '-' ? 'stdin' : values.event] : [values.payload ?? '{}', '--payload'];
    const checked = checkPayload(text, type, source);
    if (!checked.ok) throw new CliError(checked.message, 2);
    const connection = await openConnection(values);
    try {
      const raw = await invokeFunction(lambdaClientFor(connection.target), { functionName, payload: checked.bytes, type, ...(values.qualifier ? { qualifier: values.qualifier } : {}) })
        .catch((error: unknown) => { throw explainInvokeError(error, connection.explain); });
      const summary = summarizeInvoke(raw);
      const print = (stream: NodeJS.WriteStream, text: string) => stream.write(inertText(text.endsWith('\n') ? text : `${text}\n`));
      if (values.json) {
        print(process.stdout, JSON.stringify({ statusCode: raw.statusCode, executedVersion: raw.executedVersion, response: summary.responseIsJson ? JSON.parse(summary.responseText) : summary.responseText, error: summary.failure, log: summary.log, report: summary.report }, null, 2));
      } else {
        if (summary.log) print(process.stderr, summary.log);
        if (summary.headline) print(process.stderr, summary.headline);
        if (type === 'Event') print(process.stderr, `Queued (status ${raw.statusCode ?? '?'}): the run shows in the function's logs.`);
        else if (summary.failure) print(process.stderr, `${summary.failure.errorType}: ${summary.failure.errorMessage}\n${summary.failure.stack.join('\n')}`);
        if (summary.responseText) print(process.stdout, summary.responseText);
      }
      return summary.failure ? 1 : 0;
    } finally {
      await connection.close();
    }
  },
};

function readEvent(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read the event ${file === '-' ? 'from stdin' : `file ${file}`}: ${(error as Error).message}`, 2);
  }
}

/** A missing function or a bad request is the user's to fix, not a connection problem. */
function explainInvokeError(error: unknown, explainConnection: (error: unknown) => CliError): CliError {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  if (name === 'ResourceNotFoundException' || name === 'InvalidParameterValueException' || name === 'RequestTooLargeException' || name === 'ValidationException') {
    return new CliError(`${name}: ${message}`);
  }
  return explainConnection(error);
}
