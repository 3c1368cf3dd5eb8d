// `lambda-lens deploy [PATH]`: deploys a folder to a function. The definition comes, in this
// order, from the flags, .lambda-lens/functions.json, a SAM template (found in PATH or a parent
// folder), and guesses from the folder's files (runtime, handler; the name from the folder).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { deploySettingsOf, mergeDefinitions, type FunctionDefinition } from '../core/deploy/functionDefinition';
import { DefinitionFileError } from '../core/deploy/definitionFiles';
import { formatBytes } from '../core/deploy/packageLimits';
import { inertText } from '../core/inertText';
import { TEMPLATE_FILE_NAMES } from '../core/deploy/samTemplate';
import { WORKSPACE_FUNCTIONS_FILE } from '../core/deploy/workspaceFunctions';
import { REGION_PATTERN } from '../core/regions';
import { DeployError, deployFunction } from '../cloud/deploy/deployFunction';
import { guessFromFolder, loadFunctionDefinitions } from '../cloud/deploy/functionDefinitions';
import { PackagingError } from '../cloud/deploy/packagingError';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { parseOptions } from './options';
import { CONNECTION_OPTIONS, openConnection } from './connectionOptions';
import { folderFunctionName, workspaceRootOf } from './workspaceCode';

const HELP = `Usage: lambda-lens deploy [PATH] [--function NAME] [--handler H] [--runtime R] [--memory MB] [--timeout S]
                          [--role ARN] [--endpoint URL | --profile P] [--region R] [--home DIR] [--publish] [--alias A] [--json]

Deploys the folder PATH (default: the current folder) to a Lambda function: creates it if missing,
uploads the code only when its CodeSha256 differs, updates the configuration only where it differs,
and waits until the change is live. With no --profile and no --endpoint: the local endpoint.

What to deploy comes from the flags, then ${WORKSPACE_FUNCTIONS_FILE}, then ${TEMPLATE_FILE_NAMES.join('/')}
(in PATH or a parent folder), then the folder itself (runtime from package.json, requirements.txt or
bootstrap; the handler from the files; the name from the folder).
  --function NAME  the function's name
  --handler H      e.g. index.handler, app.lambda_handler, src/index.handler (TypeScript is bundled)
  --runtime R      e.g. nodejs22.x, python3.13, provided.al2023
  --memory MB      --timeout S   --role ARN (required to create a function on AWS)
  --profile P      an AWS profile          --endpoint URL  a Lambda-compatible endpoint
  --region R       the region              --home DIR      the local endpoint's home
  --publish        publish a version       --alias A       point alias A at it (implies --publish)
  --json           print the result as JSON
Files left out: .git, .vscode, tests, caches, source maps and dev dependencies; add your own rules
in a .lambdaignore (gitignore syntax).`;

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a whole number, not "${value}"`, 2);
  return Number(value);
}

export const deployCommand: CliCommand = {
  summary: 'deploy a folder to a function (local endpoint, AWS profile or endpoint)',
  async run(args) {
    const { values, positionals } = parseOptions(args, {
      function: { type: 'string' }, handler: { type: 'string' }, runtime: { type: 'string' }, memory: { type: 'string' }, timeout: { type: 'string' },
      role: { type: 'string' }, ...CONNECTION_OPTIONS,
      publish: { type: 'boolean', default: false }, alias: { type: 'string' }, json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    }, { positionals: true });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new CliError(`deploy takes one folder, not ${positionals.length} (${positionals.join(' ')})`, 2);
    if (values.region !== undefined && !REGION_PATTERN.test(values.region)) throw new CliError(`--region "${values.region}" is not a region name (for example eu-west-1)`, 2);
    if (values.endpoint !== undefined && !/^https?:\/\/\S+$/.test(values.endpoint)) throw new CliError(`--endpoint must be an http:// or https:// URL, not "${values.endpoint}"`, 2);
    if (values.profile !== undefined && values.endpoint !== undefined) throw new CliError('give --profile or --endpoint, not both', 2);
    const folder = resolve(positionals[0] ?? '.');
    if (!existsSync(folder)) throw new CliError(`${folder} does not exist`, 2);

    // Definitions, in order of precedence.
    const root = workspaceRootOf(folder);
    const known: FunctionDefinition[] = [];
    if (root) {
      const loaded = await loadFunctionDefinitions(root).catch((error: unknown) => {
        throw error instanceof DefinitionFileError ? new CliError(error.message, 2) : error;
      });
      for (const problem of loaded.problems) process.stderr.write(inertText(`warning: ${problem.where}: ${problem.message}\n`));
      const matches = (d: FunctionDefinition) => resolve(root, d.folder) === folder && (!values.function || d.name === values.function);
      const fromTemplate = loaded.template.filter(matches);
      const fromWorkspace = loaded.workspace.filter(matches);
      if (!values.function && fromTemplate.length > 1) {
        throw new CliError(`${loaded.templateFile} defines ${fromTemplate.length} functions with code in this folder (${fromTemplate.map((d) => d.name).join(', ')}); say which with --function`, 2);
      }
      known.push(...fromTemplate.slice(0, 1), ...fromWorkspace.slice(0, 1));
    }
    const guesses = await guessFromFolder(folder);
    const flags: Partial<FunctionDefinition> = {
      source: 'flags', name: values.function, handler: values.handler, runtime: values.runtime, memorySize: integer(values.memory, '--memory'),
      timeout: integer(values.timeout, '--timeout'), role: values.role,
    };
    const fallbackName = folderFunctionName(folder);
    const base: FunctionDefinition = {
      source: 'detected', name: fallbackName, folder,
      ...(guesses.runtime ? { runtime: guesses.runtime.runtime } : {}), ...(guesses.handlers[0] ? { handler: guesses.handlers[0] } : {}),
    };
    const definition = mergeDefinitions(base, ...known, flags);

    const connection = await openConnection({ ...values, region: values.region ?? definition.region });
    const target = connection.target;
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    try {
      const result = await deployFunction({
        folder, functionName: definition.name, connection: target, signal: controller.signal,
        ...deploySettingsOf(definition),
        publish: values.publish || values.alias !== undefined, ...(values.alias ? { alias: values.alias } : {}),
        onProgress: values.json ? undefined : (p) => { if (p.stage !== 'zipping' || p.files === undefined) process.stderr.write(inertText(`${p.message}\n`)); },
      });
      // File names and template text are the folder's: printed inert, like everything else from outside.
      for (const warning of result.warnings) process.stderr.write(inertText(`warning: ${warning}\n`));
      if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const sent = result.codeUploaded ? `${formatBytes(result.codeBytesSent)} sent` : 'no code sent';
        process.stdout.write(`${result.functionName}: ${result.action} (${sent}; ${result.files} files, ${formatBytes(result.unzippedBytes)} unzipped)\n${result.live}\n`);
      }
      return 0;
    } catch (error) {
      if (error instanceof DeployError || error instanceof PackagingError) throw new CliError(error.message);
      throw error;
    } finally {
      process.removeListener('SIGINT', onSignal);
      await connection.close();
    }
  },
};
