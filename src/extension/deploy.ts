// "Deploy to Lambda": a template root, folder or handler file (Explorer context menu, palette,
// CodeLens) or a function of the explorer ("Deploy from Workspace…"). Which functions, with which
// settings, is core's deploy plan (the CLI's rule too); a function nothing defines yet gets the
// first-deploy questions (recorded for next time); several are offered in a multi-select, all
// selected. On AWS, a new function without a role offers to create a basic execution role.
// Refused in an untrusted workspace; protected functions need a modal confirmation.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type {
  ConnectionTarget,
  DeployProgress,
  DeployResult,
  FunctionDefinition,
  WorkspaceDefinitions,
} from '../cloud';
import type { ConnectionDescriptor } from '../core/connections';
import type { NamedConnection } from '../core/connectionIds';
import { codeFolderOf, definitionNamed, deploySettingsOf } from '../core/deploy/functionDefinition';
import {
  DeployPlanError,
  resolveDeployPlan,
  type PlannedFunction,
} from '../core/deploy/deployPlan';
import { basicRoleName, PLACEHOLDER_ROLE_ARN } from '../core/deploy/executionRole';
import { formatBytes } from '../core/deploy/packageLimits';
import { protectionReason } from '../core/deploy/protectedFunctions';
import { SaidOnce } from '../core/deploy/saidOnce';
import {
  definitionOf,
  recordWorkspaceFunction,
  WORKSPACE_FUNCTIONS_FILE,
  type WorkspaceFunction,
} from '../core/deploy/workspaceFunctions';
import { parseFunctionRef } from '../core/arn';
import type { HandlerRef } from './handlerLenses';
import type { ActiveConnectionStatus } from './activeConnection';
import { loadCloud } from './cloudLoader';
import { askFirstDeploy } from './firstDeployPrompts';
import type { Connections } from './connections';
import type { FunctionsTreeProvider } from './functionsTree';
import type { InvokeTarget } from './invoke';
import { SETTINGS_SECTION } from './settings';
import { ui } from './ui';
import { errorMessage } from '../core/errorMessage';

/** A handler deployed to the local endpoint: where its code comes from and which version runs. */
export interface LocalTarget extends InvokeTarget {
  /** The folder packaged (the workspace's copy of the code). */
  readonly codeFolder: string;
  readonly codeSha256: string;
}

export interface DeployContext {
  readonly output: vscode.LogOutputChannel;
  readonly tree: FunctionsTreeProvider;
  readonly connections: Connections;
  readonly active: ActiveConnectionStatus;
  /** Where unchanged-package fingerprints are kept (the extension's global storage). */
  readonly cacheDir: string;
  invoke(target: InvokeTarget): Thenable<unknown>;
  showInExplorer(target: InvokeTarget): Thenable<unknown>;
}

/** After the code and configuration are live: publish a version, and point an alias at it. */
export interface PublishChoice {
  readonly alias?: string;
}

const ROLE_ARN = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/[\w+=,.@\-/]+$/;
const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/;

interface Plan {
  readonly publish?: PublishChoice;
  readonly definition: FunctionDefinition;
  /** The workspace (or folder) the definition's folder is relative to. */
  readonly root: string;
  readonly connection: ConnectionDescriptor;
  readonly region: string;
}

export class Deployer {
  /** Connections whose placeholder role was mentioned in the output (once each). */
  private readonly placeholderSaid = new Set<string>();
  /** The same function deployed again to the same place (before each local run): its layer warnings once. */
  private readonly saidOnce = new SaidOnce();

  constructor(private readonly context: DeployContext) {}

  /**
   * From a template root, folder or file (the Explorer's context menu passes it; the palette uses the
   * active editor). One function's result, or, where the plan offered several, the result of each deployed.
   */
  async fromResource(
    resource?: vscode.Uri,
    functionName?: string,
    publish?: PublishChoice,
    exportName?: string,
  ): Promise<DeployResult | DeployResult[] | undefined> {
    if (!this.trusted()) return undefined;
    const uri =
      resource ??
      (vscode.window.activeTextEditor?.document.uri.scheme === 'file'
        ? vscode.window.activeTextEditor.document.uri
        : undefined) ??
      (await this.chooseFolder());
    if (!uri) return undefined;
    const planned = await this.plan(uri, { functionName, exportName });
    if (!planned) return undefined;
    const { plans, several } = planned;
    const results: DeployResult[] = [];
    for (const plan of plans) {
      const result = await this.deploy(publish ? { ...plan, publish } : plan);
      if (!result) break; // failed or cancelled: said already; the rest is not deployed over it
      results.push(result);
    }
    if (results.length === 0) return undefined;
    return several ? results : results[0];
  }

  /** "Deploy and Publish Version…": the same deploy, then a version, and optionally an alias moved to it. */
  async andPublish(resource?: vscode.Uri): Promise<DeployResult | DeployResult[] | undefined> {
    if (!this.trusted()) return undefined;
    const alias = await ui.input({
      prompt: 'Alias to point at the new version (leave empty for none)',
      placeHolder: 'live',
      validateInput: (v) =>
        !v || ALIAS_NAME.test(v)
          ? undefined
          : 'Letters, digits, hyphens and underscores; not only digits',
    });
    if (alias === undefined) return undefined;
    return this.fromResource(resource, undefined, alias ? { alias } : {});
  }

  /** "Deploy from Workspace…" on a function of the explorer: its code comes from a folder the user picks. */
  async toFunction(target: InvokeTarget): Promise<DeployResult | undefined> {
    if (!this.trusted()) return undefined;
    const folder = await this.chooseFolder(`Folder to deploy to ${target.functionName}`);
    if (!folder) return undefined;
    const plan = (await this.plan(folder, { functionName: target.functionName, onto: target }))
      ?.plans[0];
    return plan && this.deploy(plan);
  }

  /**
   * "Invoke locally": the handler deployed to the local endpoint behind the scenes (nothing is sent
   * when unchanged), as the function the deploy plan names for it, the one Deploy would create.
   */
  async toLocal(ref: HandlerRef): Promise<LocalTarget | undefined> {
    if (!this.trusted()) return undefined;
    const local = this.context.active.all().find((c) => c.kind === 'local');
    if (!local) {
      void vscode.window
        .showErrorMessage(
          'The local endpoint is turned off: enable it (setting lambdaLens.local.enabled) to invoke locally.',
          'Enable Local Endpoint',
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('lambdaLens.enableLocal');
        });
      return undefined;
    }
    const region = local.regions[0]!;
    const file = ref.file.fsPath;
    const root = vscode.workspace.getWorkspaceFolder(ref.file)?.uri.fsPath ?? dirname(file);
    const definitions = await this.readDefinitions(root);
    if (!definitions) return undefined;
    // A definition the caller already found (the tree's Debug, F5 naming a function) is chosen by name.
    const planned = ref.definition
      ? await this.resolve({
          root,
          path: codeFolderOf(ref.definition, root),
          isFolder: true,
          select: ref.definition.name,
          definitions,
          connection: local,
        })
      : await this.resolve({
          root,
          path: file,
          isFolder: false,
          exportName: ref.exportName,
          definitions,
          connection: local,
        });
    if (!planned?.[0]) return undefined;
    // The local endpoint needs no role, and a definition's own connection does not apply here.
    const {
      connection: _connection,
      region: _region,
      role: _role,
      ...localDefinition
    } = planned[0].definition;
    const result = await this.deploy(
      { definition: localDefinition, root, connection: local, region },
      { quiet: true },
    );
    return result
      ? {
          connection: local,
          region,
          functionName: localDefinition.name,
          codeFolder: codeFolderOf(localDefinition, root),
          codeSha256: result.codeSha256,
        }
      : undefined;
  }

  /**
   * The function as a definition of a workspace folder (template or functions.json) names it, in
   * the shape a lens gives a handler; undefined when none does.
   */
  async definedRef(
    functionName: string,
    folders: readonly vscode.WorkspaceFolder[] = vscode.workspace.workspaceFolders ?? [],
  ): Promise<HandlerRef | undefined> {
    for (const folder of folders) {
      const definitions = await this.readDefinitions(folder.uri.fsPath);
      const definition = definitions && definitionNamed(definitions, functionName);
      if (definition)
        return {
          file: folder.uri,
          exportName: definition.handler?.split('.').pop() ?? 'handler',
          definition,
        };
    }
    return undefined;
  }

  private trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window
      .showErrorMessage(
        "Deploying packages and runs this workspace's code: trust the workspace first.",
        'Manage Workspace Trust',
      )
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      });
    return false;
  }

  private async chooseFolder(
    title = 'Folder to deploy to Lambda',
  ): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      title,
      openLabel: 'Deploy',
      ...(vscode.workspace.workspaceFolders?.[0]
        ? { defaultUri: vscode.workspace.workspaceFolders[0].uri }
        : {}),
    });
    return picked?.[0];
  }

  /**
   * Which functions, from which folders, to which connection: core's deploy plan over the definition
   * files; several are offered in a multi-select (all selected); a new one gets the first-deploy questions.
   */
  private async plan(
    uri: vscode.Uri,
    {
      functionName,
      exportName,
      onto,
    }: { functionName?: string | undefined; exportName?: string | undefined; onto?: InvokeTarget },
  ): Promise<{ plans: Plan[]; several: boolean } | undefined> {
    const { output } = this.context;
    const isFolder = (await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory;
    const path = uri.fsPath;
    const folder = isFolder ? path : dirname(path);
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? folder;
    const definitions = await this.readDefinitions(root);
    if (!definitions) return undefined;
    const fallback = onto
      ? { connection: onto.connection, region: onto.region }
      : this.context.active.current();
    if (!fallback) {
      void vscode.window.showErrorMessage(
        'No Lambda connection is configured: enable the local endpoint or add an AWS profile.',
      );
      return undefined;
    }
    let planned = await this.resolve({
      root,
      path,
      isFolder: Boolean(isFolder),
      exportName,
      select: functionName,
      definitions,
      connection: fallback.connection,
    });
    if (!planned) return undefined;
    const several = planned.length > 1;
    if (several) {
      const picked = await ui.pickMany(
        planned.map((p) => p.definition.name),
        {
          placeHolder: `${planned.length} functions are deployed from here: uncheck those to leave as they are`,
          title: 'Deploy to Lambda',
        },
      );
      if (!picked || picked.length === 0) return undefined;
      planned = planned.filter((p) => picked.includes(p.definition.name));
    }
    const plans: Plan[] = [];
    for (const { definition: known, isNew } of planned) {
      let definition = known;
      // The recorded connection by the one rule for ids (an endpoint the CLI recorded by its URL too).
      const recorded = this.context.connections.find(definition.connection);
      const connection = recorded ?? fallback.connection;
      if (definition.connection && !recorded) {
        output.warn(
          `${definition.name} was deployed to the connection "${definition.connection}", which is not configured now: using ${connection.label}.`,
        );
      }
      const region = definition.region && recorded ? definition.region : fallback.region;
      if (isNew) {
        const guesses = await loadCloud().guessFromFolder(codeFolderOf(definition, root));
        const answers = await askFirstDeploy(definition, guesses, {
          where: `${connection.label} · ${region}`,
          local: connection.kind === 'local',
        });
        if (!answers) return undefined;
        // A function named by the caller (an explorer node's) keeps its name whatever was typed.
        const entry: WorkspaceFunction = {
          ...answers,
          ...(functionName ? { name: functionName } : {}),
          connection: connection.id,
          region,
        };
        await this.record(root, entry);
        definition = definitionOf(entry);
      }
      plans.push({ definition, root, connection, region });
    }
    return { plans, several };
  }

  /** The deploy plan, or undefined after saying why it cannot be made. */
  private async resolve(input: {
    root: string;
    path: string;
    isFolder: boolean;
    exportName?: string | undefined;
    select?: string | undefined;
    definitions: WorkspaceDefinitions;
    connection: NamedConnection;
  }): Promise<readonly PlannedFunction[] | undefined> {
    const { definitions } = input;
    const guesses = await loadCloud().guessFromFolder(
      input.isFolder ? input.path : dirname(input.path),
    );
    try {
      return resolveDeployPlan({
        root: input.root,
        path: input.path,
        isFolder: input.isFolder,
        template: definitions.template,
        workspace: definitions.workspace,
        connection: input.connection,
        ...(definitions.templateFile ? { templateFile: definitions.templateFile } : {}),
        ...(input.exportName ? { exportName: input.exportName } : {}),
        ...(input.select ? { select: input.select } : {}),
        guesses: {
          ...(guesses.runtime ? { runtime: guesses.runtime.runtime } : {}),
          handlers: guesses.handlers,
        },
      }).functions;
    } catch (error) {
      if (!(error instanceof DeployPlanError)) throw error;
      this.context.output.error(error.message);
      void vscode.window.showErrorMessage(error.message);
      return undefined;
    }
  }

  /**
   * The workspace's definitions, their problems written to the output; undefined (after saying why)
   * when a definition file is there but cannot be read: then nothing is deployed by guessing.
   */
  private async readDefinitions(root: string): Promise<WorkspaceDefinitions | undefined> {
    const { output } = this.context;
    try {
      const definitions = await loadCloud().loadFunctionDefinitions(root);
      for (const problem of definitions.problems)
        output.warn(`${problem.where}: ${problem.message}`);
      return definitions;
    } catch (error) {
      const message = errorMessage(error);
      output.error(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  }

  private async record(root: string, entry: WorkspaceFunction): Promise<void> {
    const file = vscode.Uri.file(join(root, WORKSPACE_FUNCTIONS_FILE));
    let existing: string | undefined;
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      /* first function of this workspace */
    }
    try {
      await vscode.workspace.fs.writeFile(
        file,
        new TextEncoder().encode(recordWorkspaceFunction(existing, entry)),
      );
    } catch (error) {
      // A hand-edited file that is not JSON is the user's: leave it, say so, deploy anyway.
      this.context.output.warn(
        `Could not record ${entry.name} in ${WORKSPACE_FUNCTIONS_FILE}: ${errorMessage(error)}`,
      );
    }
  }

  private async deploy(
    { definition: planned, root, connection, region, publish }: Plan,
    { quiet = false } = {},
  ): Promise<DeployResult | undefined> {
    const { output, tree, connections } = this.context;
    const cloud = loadCloud();
    let definition = planned;
    const name = definition.name;
    const where = `${connection.label}, ${region}`;
    const target = await connections.target(connection, region);
    const existing = await this.identityOf(cloud.lambdaClientFor(target), name);
    if (!quiet && !(await this.confirmProtected(name, connection, region, existing)))
      return undefined;
    // Creating on AWS needs a role: offered here, where it matters (endpoints get a placeholder).
    if (target.kind === 'aws' && !definition.role && existing === null) {
      const role = await this.roleFor(definition, root, target, connection, region);
      if (!role) return undefined;
      definition = { ...definition, role };
    }
    const folder = codeFolderOf(definition, root);
    output.info(`Deploying ${folder} to ${name} (${where})`);
    const abort = new AbortController();
    let result: DeployResult;
    try {
      result = await vscode.window.withProgress(
        {
          location: quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification,
          title: `Deploying ${name}`,
          cancellable: !quiet,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return cloud.deployFunction({
            folder,
            functionName: name,
            connection: target,
            cacheDir: this.context.cacheDir,
            signal: abort.signal,
            ...deploySettingsOf(definition),
            ...(publish
              ? { publish: true, ...(publish.alias ? { alias: publish.alias } : {}) }
              : {}),
            onProgress: (p: DeployProgress) => {
              progress.report({ message: p.message });
              output.info(`  ${p.message}`);
            },
          });
        },
      );
    } catch (error) {
      const message = errorMessage(error);
      const cancelled = abort.signal.aborted;
      output.error(`Deploy of ${name} ${cancelled ? 'cancelled' : 'failed'}: ${message}`);
      void vscode.window
        .showErrorMessage(
          `${cancelled ? 'Cancelled' : 'Could not'} deploy ${name} (${where}): ${message}`,
          'Show Output',
        )
        .then((choice) => {
          if (choice) output.show(true);
        });
      tree.invalidate(connection.id, region);
      return undefined;
    }
    for (const warning of this.saidOnce.toShow(`${connection.id}\n${region}\n${name}`, result))
      output.warn(warning);
    if (result.roleIsPlaceholder && !this.placeholderSaid.has(connection.id)) {
      this.placeholderSaid.add(connection.id);
      output.info(
        `${connection.label} is not AWS: functions created there without a role get the placeholder ${PLACEHOLDER_ROLE_ARN}, which it does not check.`,
      );
    }
    output.info(`${name}: ${result.action}; ${result.live}`);
    tree.invalidate(connection.id, region);
    if (quiet) return result;
    const invokeTarget = { connection, region, functionName: name };
    const published = result.version
      ? ` Version ${result.version} published${result.alias ? `, alias ${result.alias.name} points at it` : ''}.`
      : '';
    const summary = `${result.action === 'up-to-date' ? `${name} is up to date on ${where}: no code sent.` : `${name} ${result.action} on ${where} (${formatBytes(result.codeBytesSent)} sent).`}${published}`;
    void vscode.window
      .showInformationMessage(summary, 'Invoke', 'Show in Explorer')
      .then((choice) => {
        if (choice === 'Invoke') return this.context.invoke(invokeTarget);
        if (choice === 'Show in Explorer') return this.context.showInExplorer(invokeTarget);
        return undefined;
      });
    return result;
  }

  /** The function's ARN and tags; null when it does not exist; undefined when that cannot be told (the deploy will say why). */
  private async identityOf(
    client: ReturnType<ReturnType<typeof loadCloud>['lambdaClientFor']>,
    name: string,
  ): Promise<{ arn: string; tags: Record<string, string> } | null | undefined> {
    try {
      return (await loadCloud().functionIdentity(client, name)) ?? null;
    } catch {
      return undefined;
    }
  }

  /** A modal confirmation naming function, account and region when the function is protected. */
  private async confirmProtected(
    name: string,
    connection: ConnectionDescriptor,
    region: string,
    identity: { arn: string; tags: Record<string, string> } | null | undefined,
  ): Promise<boolean> {
    const patterns = vscode.workspace
      .getConfiguration(SETTINGS_SECTION)
      .get<unknown[]>('protectedFunctions', []);
    const reason = protectionReason(name, identity?.tags, Array.isArray(patterns) ? patterns : []);
    if (!reason) return true;
    const account = (identity && parseFunctionRef(identity.arn)?.account) ?? connection.label;
    return ui.confirm(
      `Deploy to the protected function "${name}"?`,
      `Account ${account}, region ${region} (${connection.label}): ${reason}.`,
      'Deploy',
    );
  }

  /**
   * The role a new function on AWS runs with: "Create a basic execution role" (made through IAM,
   * recorded in functions.json) or an existing role's ARN; undefined when the user cancelled.
   */
  private async roleFor(
    definition: FunctionDefinition,
    root: string,
    target: ConnectionTarget,
    connection: ConnectionDescriptor,
    region: string,
  ): Promise<string | undefined> {
    const { output } = this.context;
    const name = definition.name;
    const create = `Create a basic execution role (${basicRoleName(name)})`;
    const existing = 'Use an existing role ARN…';
    const choice = await ui.pick([create, existing], {
      title: `${name} needs an execution role`,
      placeHolder:
        "Lambda runs the function with this role's permissions (the basic role only writes logs)",
    });
    if (!choice) return undefined;
    let role: string | undefined;
    if (choice === existing) {
      role = await ui.input({
        prompt: 'Execution role ARN (the function runs with its permissions)',
        placeHolder: 'arn:aws:iam::123456789012:role/my-function-role',
        validateInput: (v) =>
          ROLE_ARN.test(v) ? undefined : 'An IAM role ARN: arn:aws:iam::<account>:role/<name>',
      });
      if (!role) return undefined;
    } else {
      try {
        role = (
          await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: `Creating ${basicRoleName(name)}`,
            },
            (progress) =>
              loadCloud().ensureBasicExecutionRole(target, name, (message) => {
                progress.report({ message });
                output.info(`  ${message}`);
              }),
          )
        ).arn;
      } catch (error) {
        const message = `Could not create the execution role ${basicRoleName(name)}: ${errorMessage(error)}. Give an existing role's ARN instead, or ask for IAM permissions (iam:CreateRole, iam:AttachRolePolicy, iam:GetRole).`;
        output.error(message);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
      output.info(`${name} runs with the execution role ${role}`);
    }
    await this.record(root, {
      name,
      folder: definition.folder,
      role,
      connection: connection.id,
      region,
    });
    return role;
  }
}
