// `lambda-lens start-api [PATH] [--port N]`: a SAM template's Api and HttpApi routes on one
// loopback port. The functions are deployed (deployFunction, as `deploy` does) to the local
// endpoint — the home's running one, one started here for the duration, or `--endpoint URL` —
// and their folders watched: a save is redeployed (TypeScript bundled again) and is live on the
// next request. What the template asks for that is not done locally is listed at the start.
import { stat, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { deploySettingsOf, type FunctionDefinition } from '../core/deploy/functionDefinition';
import { MAX_DEFINITION_FILE_BYTES } from '../core/deploy/definitionFiles';
import { formatBytes } from '../core/deploy/packageLimits';
import { readSamApis, type ApiRoute, type TemplateApis } from '../core/deploy/samApiRoutes';
import { TEMPLATE_FILE_NAMES, TemplateError } from '../core/deploy/samTemplate';
import { SaidOnce } from '../core/deploy/saidOnce';
import { inertText } from '../core/inertText';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { RawInvokeResult } from '../core/invoke/invokeResult';
import { lambdaClientFor } from '../cloud/clients';
import { invokeFunction } from '../cloud/invoke';
import { DeployError, deployFunction } from '../cloud/deploy/deployFunction';
import { PackagingError } from '../cloud/deploy/packagingError';
import { LOCAL_ACCOUNT_ID } from '../local/server';
import { startApiServer } from './api/apiServer';
import { LiveReload, type WatchedFolder } from './api/liveReload';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  openConnection,
  type OpenConnection,
} from './connectionOptions';
import { parseOptions } from './options';
import { stopRequested } from './stopRequest';

const HELP = `Usage: lambda-lens start-api [PATH] [--port N] [--endpoint URL | --profile P] [--region R] [--home DIR] [--json]

Serves the Api (REST, payload 1.0) and HttpApi (payload 2.0, or 1.0 where PayloadFormatVersion
says) events of the SAM template in PATH (a folder with ${TEMPLATE_FILE_NAMES.join('/')}, or the file;
default: the current folder) on http://127.0.0.1:PORT, at the paths the template declares (no stage
prefix). The functions are deployed to the local endpoint first, and their folders watched: a
saved edit is live on the next request (TypeScript is bundled again), without a restart.
Authorizers, API keys, request validation, usage plans, CORS and OpenAPI definitions are not
applied; each one the template uses is listed when it starts.
  --port N        the port (default 3000; 0 picks a free one)
  --json          print one JSON line with the URL, the routes and what is not honoured (for programs)
  --stop-on-stdin-close  stop when standard input closes (for a parent process)
${CONNECTION_HELP}`;

/** The template file: PATH itself, or the first of the template names in the folder PATH. */
async function findTemplate(path: string): Promise<string> {
  const found = await stat(path).catch(() => undefined);
  if (!found) throw new CliError(`${path} does not exist`, 2);
  if (found.isFile()) return path;
  for (const name of TEMPLATE_FILE_NAMES) {
    if ((await stat(join(path, name)).catch(() => undefined))?.isFile()) return join(path, name);
  }
  throw new CliError(
    `${path} has no ${TEMPLATE_FILE_NAMES.join(', ')}: give the SAM project's folder or its template`,
    2,
  );
}

async function readApis(templateFile: string): Promise<TemplateApis> {
  const size = (await stat(templateFile)).size;
  if (size > MAX_DEFINITION_FILE_BYTES)
    throw new CliError(
      `${templateFile} is ${formatBytes(size)}, over the ${formatBytes(MAX_DEFINITION_FILE_BYTES)} a template may have`,
    );
  const text = await readFile(templateFile, 'utf8');
  try {
    return readSamApis(text, relative(process.cwd(), templateFile) || templateFile);
  } catch (error) {
    if (error instanceof TemplateError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * How requests reach the functions: in this process when start-api hosts the local endpoint (no
 * HTTP hop, no signature: a request costs what a Function URL's does), else an Invoke through the SDK.
 */
function invokerFor(
  connection: OpenConnection,
  client: LambdaClient,
): (functionName: string, payload: Buffer) => Promise<RawInvokeResult> {
  const local = connection.inProcess;
  if (!local) return (functionName, payload) => invokeFunction(client, { functionName, payload });
  return async (functionName, payload) => {
    const reply = await local.invokeInProcess(connection.target.region, functionName, payload);
    const body = reply.body;
    return {
      statusCode: reply.status,
      payload: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body ?? null)),
      ...(reply.headers?.['x-amz-function-error']
        ? { functionError: reply.headers['x-amz-function-error'] }
        : {}),
      ...(reply.headers?.['x-amz-log-result']
        ? { logResult: reply.headers['x-amz-log-result'] }
        : {}),
    };
  };
}

function routeLine(route: ApiRoute): string {
  const api =
    route.api === 'REST'
      ? `REST ${route.apiLogicalId}, stage ${route.stage}`
      : `HTTP API ${route.apiLogicalId}, stage ${route.stage}`;
  return `  ${route.method.padEnd(7)} ${route.path.padEnd(24)} → ${route.functionName}  (${api}, payload ${route.payloadVersion})`;
}

export const startApiCommand: CliCommand = {
  summary: "serve a SAM template's API routes on loopback, live on every save",
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        port: { type: 'string', default: '3000' },
        ...CONNECTION_OPTIONS,
        json: { type: 'boolean', default: false },
        'stop-on-stdin-close': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      { positionals: true },
    );
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length > 1)
      throw new CliError(
        `start-api takes one project folder or template, not ${positionals.length}`,
        2,
      );
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65_535)
      throw new CliError(`--port must be a number from 0 to 65535, not "${values.port}"`, 2);
    if (values.profile !== undefined && values.endpoint === undefined) {
      throw new CliError(
        'start-api runs the functions on the local endpoint or an --endpoint (--profile then only gives its credentials); to put them on AWS, use `lambda-lens deploy`',
        2,
      );
    }
    const templateFile = await findTemplate(resolve(positionals[0] ?? '.'));
    const root = resolve(templateFile, '..');
    const apis = await readApis(templateFile);
    const say = (line: string) => process.stderr.write(`${inertText(line)}\n`);
    for (const problem of apis.problems) say(`warning: ${problem.where}: ${problem.message}`);
    if (apis.routes.length === 0) {
      throw new CliError(
        `${templateFile} has no Api or HttpApi events that can be served${apis.notHonoured.length ? ` (${apis.notHonoured.map((n) => n.what).join('; ')})` : ''}: give a function an event of Type Api or HttpApi with a Path and a Method`,
      );
    }

    // The functions the routes reach, by folder (several functions may share one).
    const used = new Set(apis.routes.map((r) => r.functionName));
    const definitions = apis.functions.filter((f) => used.has(f.name));
    const folderOf = (definition: FunctionDefinition) => {
      const folder = resolve(root, definition.folder);
      const inside = relative(root, folder);
      if (inside.startsWith('..') || isAbsolute(inside))
        throw new CliError(
          `${definition.name}'s CodeUri ${definition.folder} is outside the project folder ${root}; start-api serves code inside it only`,
        );
      return folder;
    };
    const folders = new Map<string, string[]>();
    for (const definition of definitions)
      folders.set(folderOf(definition), [
        ...(folders.get(folderOf(definition)) ?? []),
        definition.name,
      ]);

    const connection = await openConnection(values);
    const client = lambdaClientFor(connection.target);
    let accountId = LOCAL_ACCOUNT_ID;
    // A reload deploys the same definition to the same endpoint: its layer warnings once.
    const saidOnce = new SaidOnce();
    const deployOne = async (definition: FunctionDefinition) => {
      try {
        // An endpoint other than the home's (a `serve` by URL, LocalStack) needs a role to create a
        // function, which SAM would have made; such endpoints accept any well-formed one.
        const role =
          connection.kind === 'endpoint' && definition.role === undefined
            ? { role: `arn:aws:iam::${accountId}:role/lambda-lens-start-api` }
            : {};
        const result = await deployFunction({
          folder: folderOf(definition),
          functionName: definition.name,
          connection: connection.target,
          client,
          ...role,
          ...deploySettingsOf(definition),
        });
        for (const warning of saidOnce.toShow(definition.name, result))
          say(`warning: ${definition.name}: ${warning}`);
        accountId = result.functionArn?.split(':')[4] || accountId;
        return result;
      } catch (error) {
        if (error instanceof DeployError || error instanceof PackagingError)
          throw new CliError(`${definition.name}: ${error.message}`);
        throw connection.explain(error);
      }
    };
    const cleanUp: (() => Promise<void> | void)[] = [() => connection.close()];
    const closeAll = async () => {
      for (const step of cleanUp.reverse()) await step();
    };
    try {
      for (const definition of definitions) {
        const result = await deployOne(definition);
        say(`${definition.name}: ${result.action}`);
      }
      const watched: WatchedFolder[] = [...folders].map(([folder, functionNames]) => ({
        folder,
        functionNames,
      }));
      const reload = new LiveReload({
        folders: watched,
        log: say,
        redeploy: async (folder) => {
          const started = performance.now();
          for (const name of folder.functionNames) {
            const result = await deployOne(definitions.find((d) => d.name === name)!);
            if (result.action !== 'up-to-date')
              say(`${name}: reloaded in ${Math.round(performance.now() - started)} ms`);
          }
        },
      });
      cleanUp.push(() => reload.close());
      let server;
      try {
        server = await startApiServer({
          routes: apis.routes,
          invoke: invokerFor(connection, client),
          port,
          accountId,
          codeReady: (name) => reload.ready(name),
          log: say,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new CliError(
            `port ${port} is in use: choose another with --port, or --port 0 for a free one`,
          );
        throw error;
      }
      cleanUp.push(() => server.close());
      // The last resort, as in `serve`: a fault no request handled is said, and the API serves on.
      const keepServing = (error: unknown) =>
        say(
          `Unexpected error outside any request (start-api keeps serving): ${error instanceof Error ? error.stack : String(error)}`,
        );
      process.on('uncaughtException', keepServing);
      process.on('unhandledRejection', keepServing);
      const stopped = stopRequested(values['stop-on-stdin-close']);
      const routes = apis.routes.map((r) => ({
        method: r.method,
        path: r.path,
        function: r.functionName,
        api: r.api,
        apiId: r.apiLogicalId,
        stage: r.stage,
        payloadFormatVersion: r.payloadVersion,
      }));
      if (values.json) {
        process.stdout.write(
          `${JSON.stringify({ url: server.url, port: server.port, template: templateFile, routes, notHonoured: apis.notHonoured, watching: [...folders.keys()], pid: process.pid })}\n`,
        );
      } else {
        const lines = [
          `API on ${server.url} (functions on ${connection.label})`,
          ...apis.routes.map(routeLine),
        ];
        if (apis.notHonoured.length)
          lines.push(
            '',
            'Not honoured locally:',
            ...apis.notHonoured.map((n) => `  ${n.where}: ${n.what}`),
          );
        lines.push(
          '',
          `Watching ${[...folders.keys()].map((f) => relative(process.cwd(), f) || '.').join(', ')}: a saved edit is live on the next request.`,
          'Press Ctrl-C to stop.',
          '',
        );
        process.stdout.write(`${inertText(lines.join('\n'))}\n`);
      }
      await stopped;
      return 0;
    } finally {
      await closeAll();
    }
  },
};
