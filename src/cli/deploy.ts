// `lambda-lens deploy [PATH]`: deploys what PATH means (core/deploy/deployPlan.ts says which
// functions): a SAM project's root deploys the template's functions, a folder those whose code is
// in it, a handler file the function whose handler it holds, else one function made from the folder.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  resolveDeployPlan,
  DeployPlanError,
  type DeployOverrides,
  type PlannedFunction,
} from '../core/deploy/deployPlan';
import { deploySettingsOf } from '../core/deploy/functionDefinition';
import { DefinitionFileError } from '../core/deploy/definitionFiles';
import { basicRoleName, PLACEHOLDER_ROLE_ARN } from '../core/deploy/executionRole';
import { errorMessage } from '../core/errorMessage';
import { connectionIdOf, namesConnection } from '../core/connectionIds';
import { formatBytes } from '../core/deploy/packageLimits';
import { inertText } from '../core/inertText';
import { TEMPLATE_FILE_NAMES } from '../core/deploy/samTemplate';
import {
  recordWorkspaceFunction,
  WORKSPACE_FUNCTIONS_FILE,
} from '../core/deploy/workspaceFunctions';
import { DeployError, deployFunction, type DeployResult } from '../cloud/deploy/deployFunction';
import { ensureBasicExecutionRole } from '../cloud/deploy/executionRole';
import {
  guessFromFolder,
  loadFunctionDefinitions,
  type WorkspaceDefinitions,
} from '../cloud/deploy/functionDefinitions';
import { PackagingError } from '../cloud/deploy/packagingError';
import { writeFileAtomic } from '../local/store/atomicFile';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { parseOptions } from './options';
import {
  CONNECTION_OPTIONS,
  checkConnectionValues,
  openConnection,
  type OpenConnection,
} from './connectionOptions';
import { workspaceRootOf } from './workspaceCode';

const HELP = `Usage: lambda-lens deploy [PATH] [--function NAME] [--handler H] [--runtime R] [--memory MB] [--timeout S]
                          [--role ARN | --create-role] [--endpoint URL | --profile P] [--region R] [--home DIR]
                          [--publish] [--alias A] [--json]

Deploys what PATH (default: the current folder) holds to Lambda: creates each function if missing,
uploads the code only when its CodeSha256 differs, updates the configuration only where it differs,
and waits until the change is live. With no --profile and no --endpoint: the local endpoint.

Which functions: ${TEMPLATE_FILE_NAMES.join('/')} and ${WORKSPACE_FUNCTIONS_FILE} (in PATH or a parent folder) say.
  - a SAM project's root (or its template file): every function of the template;
  - a folder: the functions whose code folder (CodeUri) is that folder or inside it;
  - a handler file: the function whose Handler is in it;
  - nothing defined: one function named after the folder (runtime from package.json, requirements.txt
    or bootstrap; the handler from the files).
Settings: the template, then ${WORKSPACE_FUNCTIONS_FILE}, then the flags, each over the one before.
  --function NAME  only this function (logical id or FunctionName); a new function's name
  --handler H      e.g. index.handler, app.lambda_handler, src/index.handler (TypeScript is bundled)
  --runtime R      e.g. nodejs22.x, python3.13, provided.al2023
  --memory MB      --timeout S
  --role ARN       the execution role (needed to create a function on AWS)
  --create-role    create lambda-lens-<function>-role (trusted by Lambda, AWSLambdaBasicExecutionRole
                   attached) where none is configured, and record it in ${WORKSPACE_FUNCTIONS_FILE};
                   with --endpoint, IAM is asked at that endpoint (as moto and LocalStack serve it)
  --profile P      an AWS profile          --endpoint URL  a Lambda-compatible endpoint
  --region R       the region              --home DIR      the local endpoint's home
  --publish        publish a version       --alias A       point alias A at it (implies --publish)
  --json           print the results as JSON (one object, or an array for several functions)
Endpoints that are not AWS get a placeholder role when none is configured (they do not check it).
Files left out: .git, .vscode, tests, caches, source maps and dev dependencies; add your own rules
in a .lambdaignore (gitignore syntax).`;

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a whole number, not "${value}"`, 2);
  return Number(value);
}

async function definitionsAt(root: string | undefined): Promise<WorkspaceDefinitions> {
  if (!root) return { template: [], workspace: [], problems: [] };
  const loaded = await loadFunctionDefinitions(root).catch((error: unknown) => {
    throw error instanceof DefinitionFileError ? new CliError(error.message, 2) : error;
  });
  for (const problem of loaded.problems)
    process.stderr.write(inertText(`warning: ${problem.where}: ${problem.message}\n`));
  return loaded;
}

/** The role created for a function, recorded so the next deploy uses it without asking. */
function recordRole(
  root: string,
  planned: PlannedFunction,
  role: string,
  connectionId: string,
  region: string,
): void {
  const file = join(root, WORKSPACE_FUNCTIONS_FILE);
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const { name, folder } = planned.definition;
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(
    file,
    recordWorkspaceFunction(existing, { name, folder, role, connection: connectionId, region }),
    0o644,
  );
}

export const deployCommand: CliCommand = {
  summary: 'deploy a SAM project, a folder or a handler (local endpoint, AWS profile or endpoint)',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        function: { type: 'string' },
        handler: { type: 'string' },
        runtime: { type: 'string' },
        memory: { type: 'string' },
        timeout: { type: 'string' },
        role: { type: 'string' },
        'create-role': { type: 'boolean', default: false },
        ...CONNECTION_OPTIONS,
        publish: { type: 'boolean', default: false },
        alias: { type: 'string' },
        json: { type: 'boolean', default: false },
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
        `deploy takes one path, not ${positionals.length} (${positionals.join(' ')})`,
        2,
      );
    checkConnectionValues(values); // before the plan, which names the connection
    if (values.profile !== undefined && values.endpoint !== undefined)
      throw new CliError('give --profile or --endpoint, not both', 2);
    if (values.role !== undefined && values['create-role'])
      throw new CliError('give --role or --create-role, not both', 2);
    const path = resolve(positionals[0] ?? '.');
    if (!existsSync(path)) throw new CliError(`${path} does not exist`, 2);
    const isFolder = statSync(path).isDirectory();
    const folder = isFolder ? path : dirname(path);
    const found = workspaceRootOf(folder);
    const root = found ?? folder;
    const definitions = await definitionsAt(found);
    const guesses = await guessFromFolder(folder);
    const overrides: DeployOverrides = {
      handler: values.handler,
      runtime: values.runtime,
      memorySize: integer(values.memory, '--memory'),
      timeout: integer(values.timeout, '--timeout'),
      role: values.role,
    };
    const connectionId = connectionIdOf(values);
    let plan;
    try {
      plan = resolveDeployPlan({
        root,
        path,
        isFolder,
        template: definitions.template,
        workspace: definitions.workspace,
        overrides,
        connection: { id: connectionId, endpoint: values.endpoint },
        ...(definitions.templateFile ? { templateFile: definitions.templateFile } : {}),
        ...(values.function !== undefined ? { select: values.function } : {}),
        guesses: {
          ...(guesses.runtime ? { runtime: guesses.runtime.runtime } : {}),
          handlers: guesses.handlers,
        },
      });
    } catch (error) {
      throw error instanceof DeployPlanError ? new CliError(error.message, 2) : error;
    }
    if (plan.functions.length > 1 && !values.json)
      process.stderr.write(
        inertText(
          `Deploying ${plan.functions.length} functions: ${plan.functions.map((f) => f.definition.name).join(', ')}\n`,
        ),
      );

    const first = plan.functions[0]!.definition;
    const region =
      values.region ??
      (namesConnection(first.connection, { id: connectionId, endpoint: values.endpoint })
        ? first.region
        : undefined);
    const connection = await openConnection({ ...values, region });
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    const results: DeployResult[] = [];
    try {
      for (const planned of plan.functions) {
        results.push(
          await deployOne(planned, root, connection, connectionId, values, controller.signal),
        );
      }
    } finally {
      process.removeListener('SIGINT', onSignal);
      await connection.close();
    }
    if (results.some((r) => r.roleIsPlaceholder)) {
      process.stderr.write(
        inertText(
          `note: ${connection.label} is not AWS: functions created there without a role got the placeholder ${PLACEHOLDER_ROLE_ARN}, which it does not check.\n`,
        ),
      );
    }
    // The results hold the server's answer (its ARNs, shas, versions): printed inert, as elsewhere.
    if (values.json)
      process.stdout.write(
        `${inertText(JSON.stringify(results.length === 1 ? results[0] : results, null, 2))}\n`,
      );
    return 0;
  },
};

interface DeployValues {
  readonly 'create-role': boolean;
  readonly publish: boolean;
  readonly alias?: string | undefined;
  readonly json: boolean;
}

async function deployOne(
  planned: PlannedFunction,
  root: string,
  connection: OpenConnection,
  connectionId: string,
  values: DeployValues,
  signal: AbortSignal,
): Promise<DeployResult> {
  let definition = planned.definition;
  const progress = (message: string) => {
    if (!values.json) process.stderr.write(inertText(`${message}\n`));
  };
  // A role is created only where one matters: not on the local endpoint, and not over one configured.
  if (values['create-role'] && !definition.role && connection.kind !== 'local') {
    try {
      const role = await ensureBasicExecutionRole(connection.target, definition.name, progress);
      progress(`${role.created ? 'Created' : 'Using the existing'} execution role ${role.arn}`);
      definition = { ...definition, role: role.arn };
      recordRole(root, planned, role.arn, connectionId, connection.target.region);
    } catch (error) {
      throw new CliError(
        `Could not create the execution role ${basicRoleName(definition.name)} at ${connection.label}: ${errorMessage(error)}. Give an existing role with --role instead, or ask for IAM permissions (iam:CreateRole, iam:AttachRolePolicy, iam:GetRole).`,
      );
    }
  }
  try {
    const result = await deployFunction({
      folder: resolve(root, definition.folder),
      functionName: definition.name,
      connection: connection.target,
      signal,
      ...deploySettingsOf(definition),
      publish: values.publish || values.alias !== undefined,
      ...(values.alias ? { alias: values.alias } : {}),
      onProgress: values.json
        ? undefined
        : (p) => {
            if (p.stage !== 'zipping' || p.files === undefined) progress(p.message);
          },
    });
    // File names and template text are the folder's: printed inert, like everything else from outside.
    for (const warning of result.warnings) process.stderr.write(inertText(`warning: ${warning}\n`));
    if (!values.json) {
      const sent = result.codeUploaded
        ? `${formatBytes(result.codeBytesSent)} sent`
        : 'no code sent';
      process.stdout.write(
        inertText(
          `${result.functionName}: ${result.action} (${sent}; ${result.files} files, ${formatBytes(result.unzippedBytes)} unzipped)\n${result.live}\n`,
        ),
      );
    }
    return result;
  } catch (error) {
    if (error instanceof DeployError || error instanceof PackagingError)
      throw new CliError(error.message);
    throw error;
  }
}
