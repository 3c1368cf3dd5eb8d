// `lambda-lens invoke`: one Invoke on any connection, with the payload checked first; prints the
// response on stdout and the log tail with its REPORT figures on stderr, as the AWS CLI users know.
// Everything the function wrote is printed with its control characters made inert: a function
// must not be able to drive the user's terminal. With --debug, a debug invocation on the local
// endpoint: the runtime's debugger waits on 127.0.0.1 for any debugger to attach. With --stream,
// InvokeWithResponseStream: the response's chunks go to stdout as they arrive.
import { readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { inertText } from '../core/inertText';
import {
  DEFAULT_ATTACH_WAIT_SECONDS,
  parseAttachWait,
  parseDebugPort,
} from '../core/invoke/debugInvoke';
import { checkPayload, type InvocationType } from '../core/invoke/payload';
import {
  summarizeInvoke,
  type InvokeSummary,
  type RawInvokeResult,
} from '../core/invoke/invokeResult';
import { parseFunctionRef } from '../core/arn';
import { RUNTIME_CACHE_FOLDER } from '../core/localHome';
import { lambdaClientFor } from '../cloud/clients';
import { debugInvokeFunction, DebugInvokeError } from '../cloud/debugInvoke';
import { invokeFunction } from '../cloud/invoke';
import { codeSha256Of, mapLocalInvoke } from '../cloud/localTraces';
import { invokeFunctionStreaming, streamingNote } from '../cloud/invokeStreaming';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { parseOptions } from './options';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  openConnection,
  type OpenConnection,
} from './connectionOptions';
import { workspaceCodeFolder } from './workspaceCode';

const HELP = `Usage: lambda-lens invoke FUNCTION [--payload JSON | --event FILE] [--qualifier Q] [--async] [--json]
                          [--stream] [--debug[=PORT] [--debug-wait SECONDS]]
                          [--profile P] [--region R] [--endpoint URL] [--home DIR]

Invokes FUNCTION (a name or ARN) and prints its response; the log tail and the REPORT figures
go to stderr. The payload is {} unless --payload or --event (a JSON file, or - for stdin) is given.
  --qualifier Q   a version or alias
  --async         an asynchronous (Event) invoke: Lambda queues the event and returns at once
  --json          print one JSON object: response, error, log, report
  --stream        InvokeWithResponseStream: the response goes to stdout as the function writes it
                  (to a terminal with control characters made visible, elsewhere byte for byte);
                  a runtime that cannot stream (only Node.js and custom runtimes do) sends it whole
  --debug[=PORT]  local endpoint only (the default, --home, or --endpoint URL of a lambda-lens serve):
                  run in a fresh environment whose debugger listens on 127.0.0.1:PORT (Node.js:
                  the inspector, default 9229; Python: debugpy, default 5678) and waits for any
                  debugger to attach (VS Code, Chrome DevTools, node inspect, nvim-dap, PyCharm)
                  before the handler loads; the function's timeout does not fire meanwhile
  --debug-wait S  how long to wait for a debugger to attach (default ${DEFAULT_ATTACH_WAIT_SECONDS} s, at most 900)
${CONNECTION_HELP}
From the local endpoint, stack frames name the files the code was deployed from (the function's
folder in the SAM template or .lambda-lens/functions.json of this folder or a parent, or this
folder when the function bears its name), TypeScript through its bundle's source map.
Exit status: 0 when the function succeeded, 1 when it failed (its error is printed), 2 for a usage error.`;

export const invokeCommand: CliCommand = {
  summary: 'invoke a function with an event (local endpoint, AWS profile or endpoint)',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...CONNECTION_OPTIONS,
        payload: { type: 'string' },
        event: { type: 'string' },
        qualifier: { type: 'string' },
        async: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        debug: { type: 'boolean' },
        'debug-wait': { type: 'string' },
        stream: { type: 'boolean', default: false },
      },
      { positionals: true, optionalValue: ['debug'] },
    );
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [functionName, ...extra] = positionals;
    if (values.debug === true && positionals.some((p) => /^\d+$/.test(p)))
      throw new CliError('--debug takes its port as --debug=PORT', 2);
    if (!functionName || extra.length)
      throw new CliError(
        `invoke takes one function name, for example: lambda-lens invoke my-function --event event.json`,
        2,
      );
    if (values.payload !== undefined && values.event !== undefined)
      throw new CliError('Give either --payload or --event, not both', 2);
    const debug = debugOptions(values);
    if (values.stream && (values.async || values.json || debug))
      throw new CliError('--stream goes with none of --async, --json and --debug', 2);
    const type = values.async ? 'Event' : 'RequestResponse';
    const [text, source] =
      values.event !== undefined
        ? [readEvent(values.event), values.event === '-' ? 'stdin' : values.event]
        : [values.payload ?? '{}', '--payload'];
    const checked = checkPayload(text, type, source);
    if (!checked.ok) throw new CliError(checked.message, 2);
    const connection = await openConnection(values);
    try {
      const request = {
        functionName,
        payload: checked.bytes,
        ...(values.qualifier ? { qualifier: values.qualifier } : {}),
      };
      if (values.stream) {
        const client = lambdaClientFor(connection.target);
        const note = await streamingNote(client, functionName, values.qualifier);
        if (note) print(process.stderr, note);
        const raw = await invokeFunctionStreaming(client, request, chunkWriter()).catch(
          (error: unknown) => {
            throw explainInvokeError(error, connection.explain);
          },
        );
        return printStreamEnd(raw);
      }
      const raw = debug
        ? await debugInvokeFunction(
            connection.target,
            { ...request, ...debug },
            {
              onListening: (line) => {
                print(process.stderr, line);
                print(
                  process.stderr,
                  `Waiting up to ${debug.attachWaitSeconds ?? DEFAULT_ATTACH_WAIT_SECONDS} s for a debugger to attach (Ctrl-C stops the debug environment)…`,
                );
              },
            },
          ).catch((error: unknown) => {
            throw error instanceof DebugInvokeError
              ? new CliError(error.message)
              : explainInvokeError(error, connection.explain);
          })
        : await invokeFunction(lambdaClientFor(connection.target), { ...request, type }).catch(
            (error: unknown) => {
              throw explainInvokeError(error, connection.explain);
            },
          );
      return printResult(raw, await summaryOf(raw, functionName, connection), type, values.json);
    } finally {
      await connection.close();
    }
  },
};

const print = (stream: NodeJS.WriteStream, text: string) =>
  stream.write(inertText(text.endsWith('\n') ? text : `${text}\n`));

/**
 * What the Invoke returned, made readable; from a local endpoint, its stack frames point at the
 * workspace's files when the folder the function was deployed from is known from here.
 */
async function summaryOf(
  raw: RawInvokeResult,
  functionRef: string,
  connection: OpenConnection,
): Promise<InvokeSummary> {
  const summary = summarizeInvoke(raw);
  if (
    connection.kind === 'profile' ||
    !`${summary.log}${summary.responseText}`.includes(`${RUNTIME_CACHE_FOLDER}`)
  )
    return summary;
  const codeFolder = await workspaceCodeFolder(functionRef, process.cwd());
  const codeSha256 =
    codeFolder &&
    (await codeSha256Of(
      connection.target,
      parseFunctionRef(functionRef)?.name ?? functionRef,
      raw.executedVersion,
    ));
  return codeFolder && codeSha256 ? mapLocalInvoke(summary, { codeFolder, codeSha256 }) : summary;
}

/** Prints what the Invoke returned; the exit status: 1 when the function failed. */
function printResult(
  raw: RawInvokeResult,
  summary: InvokeSummary,
  type: InvocationType,
  json: boolean | undefined,
): number {
  if (json) {
    print(
      process.stdout,
      JSON.stringify(
        {
          statusCode: raw.statusCode,
          executedVersion: raw.executedVersion,
          response: summary.responseIsJson
            ? JSON.parse(summary.responseText)
            : summary.responseText,
          error: summary.failure,
          log: summary.log,
          report: summary.report,
        },
        null,
        2,
      ),
    );
  } else {
    if (summary.log) print(process.stderr, summary.log);
    if (summary.headline) print(process.stderr, summary.headline);
    if (type === 'Event')
      print(
        process.stderr,
        `Queued (status ${raw.statusCode ?? '?'}): the run shows in the function's logs.`,
      );
    else if (summary.failure)
      print(
        process.stderr,
        `${summary.failure.errorType}: ${summary.failure.errorMessage}\n${summary.failure.stack.join('\n')}`,
      );
    if (summary.responseText) print(process.stdout, summary.responseText);
  }
  return summary.failure ? 1 : 0;
}

/** Writes streamed chunks to stdout as they come: made inert for a terminal, else byte for byte. */
function chunkWriter(): (bytes: Uint8Array) => void {
  if (!process.stdout.isTTY)
    return (bytes) => {
      process.stdout.write(bytes);
    };
  // A character split across two chunks is decoded whole.
  const decoder = new StringDecoder('utf8');
  return (bytes) => {
    process.stdout.write(
      inertText(decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))),
    );
  };
}

/** After the stream: the log tail and REPORT figures, or the error, on stderr; the exit status. */
function printStreamEnd(raw: RawInvokeResult): number {
  const summary = summarizeInvoke(raw);
  if (summary.log) print(process.stderr, summary.log);
  if (summary.headline) print(process.stderr, summary.headline);
  if (summary.failure)
    print(process.stderr, `${summary.failure.errorType}: ${summary.failure.errorMessage}`);
  return summary.failure ? 1 : 0;
}

/** --debug[=PORT] and --debug-wait, checked; undefined without --debug. */
function debugOptions(values: {
  debug?: boolean | undefined;
  'debug-wait'?: string | undefined;
  async?: boolean | undefined;
  profile?: string | undefined;
  endpoint?: string | undefined;
}): { port?: number; attachWaitSeconds?: number } | undefined {
  // `--debug=PORT` arrives as a string (parseOptions' optionalValue).
  const debug = values.debug as boolean | string | undefined;
  if (debug === undefined || debug === false) {
    if (values['debug-wait'] !== undefined) throw new CliError('--debug-wait goes with --debug', 2);
    return undefined;
  }
  if (values.async)
    throw new CliError(
      '--debug and --async do not go together: a debug invocation answers when the debugging ends',
      2,
    );
  if (values.profile !== undefined && values.endpoint === undefined) {
    throw new CliError(
      '--debug runs on the local endpoint (the default, --home DIR, or --endpoint URL of a lambda-lens serve), not on AWS',
      2,
    );
  }
  const port = typeof debug === 'string' ? parseDebugPort(debug) : undefined;
  if (typeof port === 'string') throw new CliError(`--debug=${debug}: ${port}`, 2);
  const wait =
    values['debug-wait'] !== undefined ? parseAttachWait(values['debug-wait']) : undefined;
  if (typeof wait === 'string') throw new CliError(`--debug-wait: ${wait}`, 2);
  return {
    ...(port !== undefined ? { port } : {}),
    ...(wait !== undefined ? { attachWaitSeconds: wait } : {}),
  };
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

/** A missing function or a bad request is the user's to fix, not a connection problem. */
function explainInvokeError(
  error: unknown,
  explainConnection: (error: unknown) => CliError,
): CliError {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  if (
    name === 'ResourceNotFoundException' ||
    name === 'InvalidParameterValueException' ||
    name === 'RequestTooLargeException' ||
    name === 'RequestEntityTooLargeException' ||
    name === 'ValidationException'
  ) {
    return new CliError(`${name}: ${message}`);
  }
  return explainConnection(error);
}
