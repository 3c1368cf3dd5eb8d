// `lambda-lens functions`: lists functions page by page as they arrive, from the local endpoint,
// an AWS profile or any Lambda-compatible endpoint.
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { maskedVariables } from '../core/maskedValues';
import { lambdaClientFor } from '../cloud/clients';
import { listFunctionPages } from '../cloud/listFunctions';
import { answerText } from '../cloud/answerText';
import type { CliCommand } from './commands';
import { parseOptions } from './options';
import { CONNECTION_HELP, CONNECTION_OPTIONS, openConnection } from './connectionOptions';
import { inertText } from '../core/inertText';

const HELP = `Usage: lambda-lens functions [--profile P] [--region R] [--endpoint URL] [--home DIR] [--filter TEXT] [--json]

Lists functions. With no --profile and no --endpoint: the local endpoint (the one running on
--home, else one started for this command).
${CONNECTION_HELP}
  --filter TEXT   only names containing TEXT
  --json          one JSON array of the functions' configurations (environment values masked)
  --show-values   with --json: environment values in clear (they are often secrets)`;

/** The configuration with its environment values masked, as the explorer shows them until revealed. */
function masked(f: FunctionConfiguration): FunctionConfiguration {
  return f.Environment?.Variables
    ? {
        ...f,
        Environment: { ...f.Environment, Variables: maskedVariables(f.Environment.Variables) },
      }
    : f;
}

/** A row of the server's answer: its text made inert (a foreign endpoint's answer is untrusted). */
function row(f: FunctionConfiguration): string {
  return inertText(
    [
      text(f.FunctionName),
      text(f.Runtime) || '-',
      f.MemorySize ? `${text(f.MemorySize)} MB` : '-',
      text(f.Architectures?.[0]) || '-',
      text(f.LastModified),
    ].join('\t'),
  );
}

/** A field of the answer as text, '' when it is missing. */
function text(value: unknown): string {
  return answerText(value) ?? '';
}

function noFunctions(label: string, region: string, filter: string | undefined): string {
  return filter === undefined
    ? `No functions in ${label} ${region}.`
    : `No functions whose name contains "${filter}" in ${label} ${region}.`;
}

export const functionsCommand: CliCommand = {
  summary: 'list functions (local endpoint, AWS profile or endpoint)',
  async run(args) {
    const { values } = parseOptions(args, {
      ...CONNECTION_OPTIONS,
      filter: { type: 'string' },
      json: { type: 'boolean', default: false },
      'show-values': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const connection = await openConnection(values);
    const filter = values.filter?.toLowerCase();
    const all: FunctionConfiguration[] = [];
    let listed = 0;
    try {
      for await (const page of listFunctionPages(lambdaClientFor(connection.target))) {
        const shown = filter
          ? page.functions.filter((f) => text(f.FunctionName).toLowerCase().includes(filter))
          : page.functions;
        listed += shown.length;
        if (values.json) all.push(...(values['show-values'] ? shown : shown.map(masked)));
        else if (shown.length) process.stdout.write(`${shown.map(row).join('\n')}\n`);
      }
    } catch (error) {
      throw connection.explain(error);
    } finally {
      await connection.close();
    }
    if (values.json) process.stdout.write(`${inertText(JSON.stringify(all, null, 2))}\n`);
    // On stderr, so that a script reading the rows gets none, and a person is told why.
    else if (listed === 0)
      process.stderr.write(
        `${noFunctions(connection.label, connection.target.region, values.filter)}\n`,
      );
    return 0;
  },
};
