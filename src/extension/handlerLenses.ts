// CodeLenses above each handler in JavaScript, TypeScript and Python files: "Invoke locally",
// "Debug locally",
// "Invoke <function>" when a definition maps the handler to a function, and "Deploy". Detection
// is core's (under 1 ms for 2,000 lines); the workspace's definitions are read once and again only
// when the template or .lambda-lens/functions.json changes (a watcher, and their size and time
// checked at each lens request, since a watcher may miss a quick delete and re-create), never on
// a keystroke.
import { join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { detectHandlers, type HandlerLanguage } from '../core/handlers/detectHandlers';
import { handlerNamesForFile } from '../core/handlers/handlerString';
import { countTopLevelImports } from '../core/coldStart/topLevelImports';
import { DEFINITION_FILES } from '../core/deploy/definitionFiles';
import type { FunctionDefinition } from '../core/deploy/functionDefinition';
import { resolveDeployPlan } from '../core/deploy/deployPlan';
import { isInside } from '../core/deploy/pathInside';
import { findConnection } from '../core/connectionIds';
import type { WorkspaceDefinitions } from '../cloud';
import type { ActiveConnectionStatus } from './activeConnection';
import { loadCloud } from './cloudLoader';
import type { Observation, ObservedFigures } from './observedFigures';
import { LENS_LANGUAGES } from './lensLanguages';
import { SETTINGS_SECTION } from './settings';

type LensDefinitions = Pick<WorkspaceDefinitions, 'template' | 'workspace' | 'templateFile'>;
const NO_DEFINITIONS: LensDefinitions = { template: [], workspace: [] };

/** The defined function that deploys this export of this file, if one does. */
function definedFunction(
  root: string,
  path: string,
  exportName: string,
  definitions: LensDefinitions,
): FunctionDefinition | undefined {
  const plan = resolveDeployPlan({
    root,
    path,
    isFolder: false,
    exportName,
    template: definitions.template,
    workspace: definitions.workspace,
    ...(definitions.templateFile ? { templateFile: definitions.templateFile } : {}),
  });
  return plan.functions.find((f) => !f.isNew)?.definition;
}

/** What the lens commands receive: the file, the exported name and the handler string. */
export interface HandlerRef {
  readonly file: vscode.Uri;
  readonly exportName: string;
  /** The definition that maps this handler to a function, when one does. */
  readonly definition?: FunctionDefinition;
}

export class HandlerLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly definitions = new Map<
    string,
    { readonly stamp: string; readonly found: Promise<LensDefinitions> }
  >();
  private readonly subscriptions: vscode.Disposable[] = [];
  private watching = false;

  constructor(
    private readonly active: ActiveConnectionStatus,
    private readonly observed: ObservedFigures,
  ) {}

  /** Set up on the first lens asked for, not at activation (a watcher costs the extension host). */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${DEFINITION_FILES.join(',')}}`);
    const forget = () => {
      this.definitions.clear();
      this.changed.fire();
    };
    this.subscriptions.push(
      watcher,
      watcher.onDidChange(forget),
      watcher.onDidCreate(forget),
      watcher.onDidDelete(forget),
      this.observed.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          e.affectsConfiguration(`${SETTINGS_SECTION}.codeLens`) ||
          e.affectsConfiguration(`${SETTINGS_SECTION}.activeConnection`)
        )
          this.changed.fire();
      }),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    this.watch();
    if (
      document.uri.scheme !== 'file' ||
      !vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('codeLens.enabled', true)
    )
      return [];
    const language = document.languageId as HandlerLanguage;
    if (!LENS_LANGUAGES.includes(language)) return [];
    const root = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
    const definitions = root ? await this.definitionsOf(root) : NO_DEFINITIONS;
    const path = document.uri.fsPath;
    // The Handler settings of definitions whose code folder holds this file name extra exports to detect.
    const owning = [...definitions.template, ...definitions.workspace].filter(
      (d) => d.handler && isInside(join(root!, d.folder), path),
    );
    const extra = handlerNamesForFile(
      owning.map((d) => ({
        handler: d.handler!,
        fileRelativeToCodeFolder: relative(join(root!, d.folder), path).split(sep).join('/'),
      })),
      language,
    );
    const lenses: vscode.CodeLens[] = [];
    const text = document.getText();
    // Counted once per file, and only when a lens shows an estimate (the file's imports are all handlers').
    let topLevelImports: number | undefined;
    for (const found of detectHandlers(text, language, extra)) {
      const range = new vscode.Range(
        found.range.start.line,
        found.range.start.character,
        found.range.end.line,
        found.range.end.character,
      );
      // The function this handler deploys as: the deploy plan's rule, the one Deploy and the CLI use.
      const definition =
        root && owning.length > 0
          ? definedFunction(root, path, found.name, definitions)
          : undefined;
      const ref: HandlerRef = {
        file: document.uri,
        exportName: found.name,
        ...(definition ? { definition } : {}),
      };
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(play) Invoke locally',
          command: 'lambdaLens.invokeLocally',
          arguments: [ref],
          tooltip:
            'Deploy this handler to the local endpoint (nothing is sent when unchanged) and invoke it',
        }),
      );
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(debug-alt) Debug locally',
          command: 'lambdaLens.debugLocally',
          arguments: [ref],
          tooltip:
            "Invoke this handler on the local endpoint with VS Code's debugger attached: breakpoints in this file stop it",
        }),
      );
      if (definition) {
        const connection =
          findConnection(this.active.all(), definition.connection) ??
          this.active.current()?.connection;
        const region = definition.region ?? connection?.regions[0];
        if (connection && region) {
          const target = { connection, region, functionName: definition.name };
          const estimate = estimateOf(
            definition,
            this.observed.get(target),
            (topLevelImports ??= countTopLevelImports(text, language)),
          );
          if (estimate)
            lenses.push(
              new vscode.CodeLens(range, {
                title: estimate.headline,
                command: 'lambdaLens.showEstimate',
                arguments: [target],
                tooltip: estimate.breakdown,
              }),
            );
          if (connection.kind !== 'local') {
            lenses.push(
              new vscode.CodeLens(range, {
                title: `$(cloud) Invoke ${definition.name}`,
                command: 'lambdaLens.invoke',
                arguments: [target],
                tooltip: `Invoke ${definition.name} on ${connection.label} (${region})`,
              }),
            );
          }
          lenses.push(
            new vscode.CodeLens(range, {
              title: '$(output) Logs',
              command: 'lambdaLens.tailLogs',
              arguments: [target],
              tooltip: `Follow the logs of ${definition.name} on ${connection.label} (${region}) as they arrive`,
            }),
          );
        }
      }
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(cloud-upload) Deploy',
          command: 'lambdaLens.deploy',
          arguments: [document.uri, definition?.name, found.name],
          tooltip: definition ? `Deploy ${definition.name}` : 'Deploy this folder to Lambda',
        }),
      );
    }
    return lenses;
  }

  private async definitionsOf(root: string): Promise<LensDefinitions> {
    const stamp = await definitionFilesStamp(root);
    let known = this.definitions.get(root);
    if (!known || known.stamp !== stamp) {
      // Most workspaces have neither file: then the cloud bundle (and its SDK) is not loaded for a lens.
      const found = stamp
        ? loadCloud()
            .loadFunctionDefinitions(root)
            .catch(() => NO_DEFINITIONS)
        : Promise.resolve(NO_DEFINITIONS);
      known = { stamp, found };
      this.definitions.set(root, known);
    }
    return known.found;
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/**
 * "≈ $0.21 per 1M · cold p50 140 ms (estimated)" from the definition's runtime, memory and
 * architecture, or "(observed)" from the function's REPORT lines when there are some; and for the
 * hover the breakdown: each cost line and what the figures rest on.
 */
function estimateOf(
  definition: FunctionDefinition,
  observed: Observation | undefined,
  topLevelImports: number,
): { headline: string; breakdown: string } | undefined {
  if (!definition.runtime) return undefined;
  try {
    // Definitions were read through the cloud bundle, so it is loaded; its models are pure.
    const estimate = loadCloud().estimateFunction({
      facts: {
        runtime: definition.runtime,
        architecture: definition.architecture ?? 'x86_64',
        memoryMB: definition.memorySize ?? 128,
        topLevelImports,
        ...(definition.timeout ? { timeoutSeconds: definition.timeout } : {}),
      },
      ...(observed ? { observed: observed.summary, windowMs: observed.windowMs } : {}),
    });
    const breakdown = [
      `${definition.name}: ${estimate.headline}`,
      observed
        ? `From ${observed.summary.invocations.toLocaleString('en-US')} REPORT lines (${observed.windowLabel}).`
        : 'No REPORT lines read yet: estimated from the definition.',
      ...estimate.cost.lines.map((l) => `${l.item}: $${l.usd.toFixed(4)} a month (${l.basis})`),
      `Cold start: ${estimate.coldStart.basis}`,
      ...estimate.basis,
      "Click for the panel, with figures from the function's logs.",
    ].join('\n');
    return { headline: estimate.headline, breakdown };
  } catch {
    return undefined; // a definition the model cannot price gets no figure rather than a wrong one
  }
}

/** The definition files' sizes and modification times ('' when there are none). */
async function definitionFilesStamp(root: string): Promise<string> {
  const stamps = await Promise.all(
    DEFINITION_FILES.map(async (name) => {
      try {
        const stat = await vscode.workspace.fs.stat(vscode.Uri.file(join(root, name)));
        return `${name}:${stat.size}:${stat.mtime}`;
      } catch {
        return ''; // not this one
      }
    }),
  );
  return stamps.filter(Boolean).join('|');
}
