// "Deploy to Lambda": a folder or handler file (Explorer context menu, palette, CodeLens) or a
// function of the explorer ("Deploy from Workspace…"). The definition comes from the SAM template,
// then .lambda-lens/functions.json, then the first-deploy questions (recorded for next time).
// Refused in an untrusted workspace; protected functions need a modal confirmation.
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import type { DeployProgress, DeployResult, FunctionDefinition, WorkspaceDefinitions } from '../cloud';
import type { ConnectionDescriptor } from '../core/connections';
import { deploySettingsOf, mergeDefinitions } from '../core/deploy/functionDefinition';
import { formatBytes } from '../core/deploy/packageLimits';
import { protectionReason } from '../core/deploy/protectedFunctions';
import { definitionOf, recordWorkspaceFunction, WORKSPACE_FUNCTIONS_FILE, type WorkspaceFunction } from '../core/deploy/workspaceFunctions';
import { parseFunctionRef } from '../core/arn';
import { DEFAULT_NODE_RUNTIME, DEFAULT_PYTHON_RUNTIME } from '../core/deploy/detection';
import { handlerString, languageOfFile } from '../core/handlers/handlerString';
import type { HandlerRef } from './handlerLenses';
import type { ActiveConnectionStatus } from './activeConnection';
import { loadCloud } from './cloudLoader';
import { askFirstDeploy } from './firstDeployPrompts';
import type { FunctionsTreeProvider } from './functionsTree';
import type { InvokeTarget } from './invoke';
import { SETTINGS_SECTION } from './settings';
import { ui } from './ui';

/** A handler deployed to the local endpoint: where its code comes from and which version runs. */
export interface LocalTarget extends InvokeTarget {
  /** The folder packaged (the workspace's copy of the code). */
  readonly codeFolder: string;
  readonly codeSha256: string;
}

export interface DeployContext {
  readonly output: vscode.LogOutputChannel;
  readonly tree: FunctionsTreeProvider;
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
  constructor(private readonly context: DeployContext) {}

  /** From a folder or file (the Explorer's context menu passes it; the palette uses the active editor). */
  async fromResource(resource?: vscode.Uri, functionName?: string, publish?: PublishChoice): Promise<DeployResult | undefined> {
    if (!this.trusted()) return undefined;
    const uri = resource ?? (vscode.window.activeTextEditor?.document.uri.scheme === 'file' ? vscode.window.activeTextEditor.document.uri : undefined) ?? (await this.chooseFolder());
    if (!uri) return undefined;
    const plan = await this.plan(uri, functionName);
    return plan && this.deploy(publish ? { ...plan, publish } : plan);
  }

  /** "Deploy and Publish Version…": the same deploy, then a version, and optionally an alias moved to it. */
  async andPublish(resource?: vscode.Uri): Promise<DeployResult | undefined> {
    if (!this.trusted()) return undefined;
    const alias = await ui.input({
      prompt: 'Alias to point at the new version (leave empty for none)', placeHolder: 'live',
      validateInput: (v) => (!v || ALIAS_NAME.test(v) ? undefined : 'Letters, digits, hyphens and underscores; not only digits'),
    });
    if (alias === undefined) return undefined;
    return this.fromResource(resource, undefined, alias ? { alias } : {});
  }

  /** "Deploy from Workspace…" on a function of the explorer: its code comes from a folder the user picks. */
  async toFunction(target: InvokeTarget): Promise<DeployResult | undefined> {
    if (!this.trusted()) return undefined;
    const folder = await this.chooseFolder(`Folder to deploy to ${target.functionName}`);
    if (!folder) return undefined;
    const plan = await this.plan(folder, target.functionName, target);
    return plan && this.deploy(plan);
  }

  /**
   * "Invoke locally": the handler deployed to the local endpoint behind the scenes (nothing is sent
   * when unchanged), as the function its definition names or, without one, as `<folder>-<export>`.
   */
  async toLocal(ref: HandlerRef): Promise<LocalTarget | undefined> {
    if (!this.trusted()) return undefined;
    const local = this.context.active.all().find((c) => c.kind === 'local');
    if (!local) {
      void vscode.window.showErrorMessage('The local endpoint is turned off: enable it (setting lambdaLens.local.enabled) to invoke locally.', 'Enable Local Endpoint').then((choice) => {
        if (choice) void vscode.commands.executeCommand('lambdaLens.enableLocal');
      });
      return undefined;
    }
    const region = local.regions[0]!;
    const file = ref.file.fsPath;
    const root = vscode.workspace.getWorkspaceFolder(ref.file)?.uri.fsPath ?? dirname(file);
    let definition = ref.definition;
    // No definition from the lens: guess, unless a definition file is there but cannot be read.
    if (!definition && !(await this.readDefinitions(root))) return undefined;
    if (!definition) {
      const folder = dirname(file);
      const guesses = await loadCloud().guessFromFolder(folder);
      const folderName = folder.split(sep).pop() ?? 'function';
      const language = languageOfFile(file);
      definition = {
        source: 'detected', name: `${folderName}-${ref.exportName}`.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 64), folder: relative(root, folder) || '.',
        handler: handlerString(relative(folder, file), ref.exportName),
        runtime: guesses.runtime?.runtime ?? (language === 'python' ? DEFAULT_PYTHON_RUNTIME : DEFAULT_NODE_RUNTIME),
      };
    }
    // The local endpoint needs no role, and a definition's own connection does not apply here.
    const { connection: _connection, region: _region, role: _role, ...localDefinition } = definition;
    const result = await this.deploy({ definition: localDefinition, root, connection: local, region }, { quiet: true });
    return result ? { connection: local, region, functionName: definition.name, codeFolder: codeFolderOf(definition, root), codeSha256: result.codeSha256 } : undefined;
  }

  private trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showErrorMessage('Deploying packages and runs this workspace\'s code: trust the workspace first.', 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return false;
  }

  private async chooseFolder(title = 'Folder to deploy to Lambda'): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, title, openLabel: 'Deploy', ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}) });
    return picked?.[0];
  }

  /** Which function, from which folder, to which connection: the definition files, else the user's answers. */
  private async plan(uri: vscode.Uri, functionName?: string, onto?: InvokeTarget): Promise<Plan | undefined> {
    const { output } = this.context;
    const cloud = loadCloud();
    const isFolder = (await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory;
    const path = uri.fsPath;
    const folder = isFolder ? path : dirname(path);
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? folder;
    const definitions = await this.readDefinitions(root);
    if (!definitions) return undefined;
    const workspaceNamed = (name: string) => definitions.workspace.find((d) => d.name === name);
    const all = [...definitions.template, ...definitions.workspace.filter((w) => !definitions.template.some((t) => t.name === w.name))];
    // The template itself stands for every function it defines.
    const isTemplate = definitions.templateFile !== undefined && path === join(root, definitions.templateFile);
    const candidates = all.filter((d) => (functionName ? d.name === functionName : isTemplate ? d.source === 'template' : contains(join(root, d.folder), path)));
    let definition = await this.choose(candidates, path, root);
    if (definition) {
      // A template says what the function is; the workspace file adds where it went at first deploy.
      const recorded = workspaceNamed(definition.name);
      if (definition.source === 'template' && recorded) definition = mergeDefinitions(recorded, definition, { connection: recorded.connection, region: recorded.region });
    }
    const fallback = onto ? { connection: onto.connection, region: onto.region } : this.context.active.current();
    if (!fallback) {
      void vscode.window.showErrorMessage('No Lambda connection is configured: enable the local endpoint or add an AWS profile.');
      return undefined;
    }
    let connection = this.context.active.all().find((c) => c.id === definition?.connection) ?? fallback.connection;
    if (definition?.connection && connection.id !== definition.connection) {
      output.warn(`${definition.name} was deployed to the connection "${definition.connection}", which is not configured now: using ${connection.label}.`);
      connection = fallback.connection;
    }
    const region = definition?.region && connection.id === definition.connection ? definition.region : fallback.region;
    if (!definition) {
      const relativeFolder = relative(root, folder).split(sep).join('/') || '.';
      const answers = await askFirstDeploy(relativeFolder, folder.split(sep).pop() ?? 'function', await cloud.guessFromFolder(folder), connection.kind !== 'local', { where: `${connection.label} · ${region}`, local: connection.kind === 'local' });
      if (!answers) return undefined;
      const entry: WorkspaceFunction = { ...answers, ...(functionName ? { name: functionName } : {}), connection: connection.id, region };
      await this.record(root, entry);
      definition = definitionOf(entry);
    }
    return { definition, root, connection, region };
  }

  /**
   * The workspace's definitions, their problems written to the output; undefined (after saying why)
   * when a definition file is there but cannot be read: then nothing is deployed by guessing.
   */
  private async readDefinitions(root: string): Promise<WorkspaceDefinitions | undefined> {
    const { output } = this.context;
    try {
      const definitions = await loadCloud().loadFunctionDefinitions(root);
      for (const problem of definitions.problems) output.warn(`${problem.where}: ${problem.message}`);
      return definitions;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      output.error(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  }

  /** The definition for this file or folder; the user picks when several share the folder. */
  private async choose(candidates: FunctionDefinition[], path: string, root: string): Promise<FunctionDefinition | undefined> {
    if (candidates.length <= 1) return candidates[0];
    const module = relative(root, path).split(sep).join('/').replace(/\.[^./]+$/, '');
    const byHandler = candidates.filter((d) => d.handler && join(d.folder, d.handler.replace(/\.[^.]+$/, '')).split(sep).join('/') === module);
    if (byHandler.length === 1) return byHandler[0];
    const picked = await ui.pick(candidates.map((d) => d.name), { placeHolder: 'Several functions are built from this folder: which one?' });
    return candidates.find((d) => d.name === picked);
  }

  private async record(root: string, entry: WorkspaceFunction): Promise<void> {
    const file = vscode.Uri.file(join(root, WORKSPACE_FUNCTIONS_FILE));
    let existing: string | undefined;
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch { /* first function of this workspace */ }
    try {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(recordWorkspaceFunction(existing, entry)));
    } catch (error) {
      // A hand-edited file that is not JSON is the user's: leave it, say so, deploy anyway.
      this.context.output.warn(`Could not record ${entry.name} in ${WORKSPACE_FUNCTIONS_FILE}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async deploy({ definition, root, connection, region, publish }: Plan, { quiet = false } = {}): Promise<DeployResult | undefined> {
    const { output, tree } = this.context;
    const cloud = loadCloud();
    const name = definition.name;
    const where = `${connection.label}, ${region}`;
    const target = await tree.target(connection, region);
    if (!quiet && !(await this.confirmProtected(name, connection, region, cloud.lambdaClientFor(target)))) return undefined;
    const folder = codeFolderOf(definition, root);
    output.info(`Deploying ${folder} to ${name} (${where})`);
    const abort = new AbortController();
    let result: DeployResult;
    try {
      result = await vscode.window.withProgress({ location: quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification, title: `Deploying ${name}`, cancellable: !quiet }, async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return cloud.deployFunction({
          folder, functionName: name, connection: target, cacheDir: this.context.cacheDir, signal: abort.signal,
          ...deploySettingsOf(definition),
          ...(publish ? { publish: true, ...(publish.alias ? { alias: publish.alias } : {}) } : {}),
          onProgress: (p: DeployProgress) => {
            progress.report({ message: p.message });
            output.info(`  ${p.message}`);
          },
        });
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const cancelled = abort.signal.aborted;
      output.error(`Deploy of ${name} ${cancelled ? 'cancelled' : 'failed'}: ${message}`);
      void vscode.window.showErrorMessage(`${cancelled ? 'Cancelled' : 'Could not'} deploy ${name} (${where}): ${message}`, 'Show Output').then((choice) => {
        if (choice) output.show(true);
      });
      tree.invalidate(connection.id, region);
      return undefined;
    }
    for (const warning of result.warnings) output.warn(warning);
    output.info(`${name}: ${result.action}; ${result.live}`);
    tree.invalidate(connection.id, region);
    if (quiet) return result;
    const invokeTarget = { connection, region, functionName: name };
    const published = result.version ? ` Version ${result.version} published${result.alias ? `, alias ${result.alias.name} points at it` : ''}.` : '';
    const summary = `${result.action === 'up-to-date' ? `${name} is up to date on ${where}: no code sent.` : `${name} ${result.action} on ${where} (${formatBytes(result.codeBytesSent)} sent).`}${published}`;
    void vscode.window.showInformationMessage(summary, 'Invoke', 'Show in Explorer').then((choice) => {
      if (choice === 'Invoke') return this.context.invoke(invokeTarget);
      if (choice === 'Show in Explorer') return this.context.showInExplorer(invokeTarget);
      return undefined;
    });
    return result;
  }

  /** A modal confirmation naming function, account and region when the function is protected. */
  private async confirmProtected(name: string, connection: ConnectionDescriptor, region: string, client: ReturnType<ReturnType<typeof loadCloud>['lambdaClientFor']>): Promise<boolean> {
    const patterns = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown[]>('protectedFunctions', []);
    let identity: { arn: string; tags: Record<string, string> } | undefined;
    try {
      identity = await loadCloud().functionIdentity(client, name);
    } catch {
      identity = undefined; // the deploy itself will report what is wrong with the connection
    }
    const reason = protectionReason(name, identity?.tags, Array.isArray(patterns) ? patterns : []);
    if (!reason) return true;
    const account = (identity && parseFunctionRef(identity.arn)?.account) ?? connection.label;
    return ui.confirm(`Deploy to the protected function "${name}"?`, `Account ${account}, region ${region} (${connection.label}): ${reason}.`, 'Deploy');
  }
}

function contains(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The folder a definition deploys: what is packaged, and what a debugger maps the running copy back to. */
function codeFolderOf(definition: { readonly folder: string }, root: string): string {
  return isAbsolute(definition.folder) ? definition.folder : join(root, definition.folder);
}
