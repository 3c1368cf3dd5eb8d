// Which functions a deploy means, with which settings, and where each setting came from: the one
// rule for every entry point (the editor's Deploy and its lenses, Invoke locally, the CLI).
//   - a template root (the folder holding template.yaml, or the file itself): the template's functions;
//   - a folder: the functions whose code folder is that folder or inside it, else the one holding it;
//   - a handler file: the function whose Handler is in that file (that export, when one is named),
//     else, without an export, the function whose code folder holds the file;
//   - nothing defined: one new function named by `newFunctionName`, settings from the folder's guesses.
// Settings, later winning: default (guesses) < template < functions.json < the caller's overrides.
// Pure: the caller reads the files (template, functions.json, the folder's guesses) and passes them.
import { DEFAULT_NODE_RUNTIME, DEFAULT_PYTHON_RUNTIME } from './detection';
import type { DeploySettings, FunctionDefinition } from './functionDefinition';
import { isInside, pathStyleOf, type PathStyle } from './pathInside';
import { namesConnection, type NamedConnection } from '../connectionIds';
import { handlerNamesForFile, handlerString, languageOfFile } from '../handlers/handlerString';

export type SettingOrigin = 'template' | 'functions.json' | 'default' | 'override';

/** The settings a plan carries, each with its origin. */
export const PLANNED_SETTINGS = [
  'handler',
  'runtime',
  'memorySize',
  'timeout',
  'architecture',
  'environment',
  'tags',
  'role',
  'description',
  'connection',
  'region',
] as const;
export type PlannedSetting = (typeof PLANNED_SETTINGS)[number];

/** What the caller says over every file: command-line flags, or a connection chosen for this deploy. */
export type DeployOverrides = Partial<
  DeploySettings & Pick<FunctionDefinition, 'connection' | 'region'>
>;

export interface PlannedFunction {
  /** The merged definition; `folder` relative to the root, with '/' separators ('.' for the root). */
  readonly definition: FunctionDefinition;
  readonly origins: Readonly<Partial<Record<PlannedSetting, SettingOrigin>>>;
  /** Nothing defines it yet: a first deploy (the editor asks, with these settings as the answers offered). */
  readonly isNew: boolean;
}

export type PlanEntry = 'template' | 'folder' | 'handler';

export interface DeployPlan {
  readonly entry: PlanEntry;
  readonly functions: readonly PlannedFunction[];
}

export interface DeployPlanInput {
  /** The folder the template and functions.json are in (the workspace), absolute. */
  readonly root: string;
  /** What was chosen, absolute: a folder, a handler file or the template file. */
  readonly path: string;
  readonly isFolder: boolean;
  /** A lens's handler: the export in `path`. */
  readonly exportName?: string;
  /** The template's functions (folders relative to the root) and the template's file name. */
  readonly template: readonly FunctionDefinition[];
  readonly templateFile?: string;
  /** functions.json's entries (folders relative to the root). */
  readonly workspace: readonly FunctionDefinition[];
  /** A function asked for by name (--function, a lens, an explorer node): logical id or FunctionName. */
  readonly select?: string;
  readonly overrides?: DeployOverrides;
  /** The connection this deploy goes to, when known: picks functions.json's entry recorded for it (core/connectionIds.ts's rule). */
  readonly connection?: NamedConnection;
  /** From the chosen folder's files (the caller's I/O): for a function nothing defines. */
  readonly guesses?: { readonly runtime?: string; readonly handlers: readonly string[] };
}

/** A request the definitions cannot answer (a --function that names nothing in the template, …). */
export class DeployPlanError extends Error {
  override readonly name = 'DeployPlanError';
}

const NAME_CHARACTERS = /[^a-zA-Z0-9_-]/g;
/** Exports that are "the" handler of their folder: the function takes the folder's name alone. */
const MAIN_EXPORTS = new Set(['handler', 'lambda_handler']);

/**
 * A new function's name: the folder's name, with the export after it unless it is the usual
 * `handler`/`lambda_handler`, so Invoke locally and Deploy on one handler name one function.
 */
export function newFunctionName(folderName: string, exportName?: string): string {
  const base =
    exportName && !MAIN_EXPORTS.has(exportName) ? `${folderName}-${exportName}` : folderName;
  return base.replace(NAME_CHARACTERS, '-').slice(0, 64) || 'function';
}

export function resolveDeployPlan(input: DeployPlanInput): DeployPlan {
  const style = pathStyleOf(input.root);
  const absolute = (folder: string) => style.resolve(input.root, folder);
  const entry = entryOf(input);
  const known = knownFunctions(input);
  let chosen: PlannedFunction[];
  if (input.select !== undefined) {
    chosen = known.filter(
      (f) => f.definition.name === input.select || f.definition.logicalId === input.select,
    );
    if (chosen.length === 0 && entry === 'template') {
      throw new DeployPlanError(
        `${input.templateFile} has no function "${input.select}" (by logical id or FunctionName); it defines ${namesOf(known.filter((f) => f.definition.source === 'template'))}.`,
      );
    }
  } else if (entry === 'template') {
    chosen = known.filter((f) => f.definition.source === 'template');
    if (chosen.length === 0)
      throw new DeployPlanError(
        `${input.templateFile} defines no function deployed from a folder (see the warnings about it); nothing to deploy.`,
      );
  } else if (entry === 'folder') {
    chosen = known.filter((f) => isInside(input.path, absolute(f.definition.folder)));
    if (chosen.length === 0)
      chosen = deepest(known.filter((f) => isInside(absolute(f.definition.folder), input.path)));
  } else {
    const holding = known.filter((f) => isInside(absolute(f.definition.folder), input.path));
    const byHandler = holding.filter((f) =>
      handlerIsIn(f.definition, absolute(f.definition.folder), input.path, input.exportName, style),
    );
    chosen = byHandler.length > 0 || input.exportName !== undefined ? byHandler : deepest(holding);
  }
  if (chosen.length === 0) chosen = [newFunction(input, style)];
  return { entry, functions: chosen.map((f) => withOverrides(f, input.overrides)) };
}

function entryOf(input: DeployPlanInput): PlanEntry {
  if (!input.templateFile) return input.isFolder ? 'folder' : 'handler';
  const style = pathStyleOf(input.root);
  const same = (a: string, b: string) => isInside(a, b) && isInside(b, a);
  if (input.isFolder) return same(input.root, input.path) ? 'template' : 'folder';
  return same(style.join(input.root, input.templateFile), input.path) ? 'template' : 'handler';
}

/**
 * The template's functions, each with functions.json's entry of the same name filling in and
 * overriding, then functions.json's other entries; one per name (the entry recorded for the
 * caller's connection first).
 */
function knownFunctions(input: DeployPlanInput): PlannedFunction[] {
  const recordedFor = (name: string) => {
    const entries = input.workspace.filter((w) => w.name === name);
    return (
      entries.find(
        (w) => input.connection !== undefined && namesConnection(w.connection, input.connection),
      ) ?? entries[0]
    );
  };
  const planned: PlannedFunction[] = [];
  const names = new Set<string>();
  for (const t of input.template) {
    if (names.has(t.name)) continue;
    names.add(t.name);
    const recorded = recordedFor(t.name);
    planned.push(
      layered(t, [[t, 'template'], ...(recorded ? [[recorded, 'functions.json'] as const] : [])]),
    );
  }
  for (const w of input.workspace) {
    if (names.has(w.name)) continue;
    names.add(w.name);
    const recorded = recordedFor(w.name)!;
    planned.push(layered(recorded, [[recorded, 'functions.json']]));
  }
  return planned;
}

/** A definition built from layers in order, each setting's origin the last layer that set it. */
function layered(
  base: FunctionDefinition,
  layers: readonly (readonly [Partial<FunctionDefinition>, SettingOrigin])[],
  isNew = false,
): PlannedFunction {
  let definition: FunctionDefinition = base;
  const origins: Partial<Record<PlannedSetting, SettingOrigin>> = {};
  for (const [layer, origin] of layers) {
    for (const key of PLANNED_SETTINGS) {
      const value = layer[key];
      if (value === undefined) continue;
      definition = { ...definition, [key]: value };
      origins[key] = origin;
    }
  }
  return { definition, origins, isNew };
}

function withOverrides(
  planned: PlannedFunction,
  overrides: DeployOverrides | undefined,
): PlannedFunction {
  if (!overrides) return planned;
  const again = layered(planned.definition, [[overrides, 'override']], planned.isNew);
  return { ...again, origins: { ...planned.origins, ...again.origins } };
}

/** Those of the functions whose code folder is the deepest (the nearest holding the path). */
function deepest(functions: PlannedFunction[]): PlannedFunction[] {
  const depth = (f: PlannedFunction) =>
    f.definition.folder === '.' ? 0 : f.definition.folder.split('/').length;
  const most = Math.max(-1, ...functions.map(depth));
  return functions.filter((f) => depth(f) === most);
}

/** Whether the definition's Handler names this file (and this export, when one is given). */
function handlerIsIn(
  definition: FunctionDefinition,
  codeFolder: string,
  file: string,
  exportName: string | undefined,
  style: PathStyle,
): boolean {
  const language = languageOfFile(file);
  if (!definition.handler || !language) return false;
  const names = handlerNamesForFile(
    [
      {
        handler: definition.handler,
        fileRelativeToCodeFolder: style.relative(codeFolder, file).split(style.sep).join('/'),
      },
    ],
    language,
  );
  return exportName === undefined ? names.length > 0 : names.includes(exportName);
}

/** The function nobody has defined yet: from the chosen folder (or the handler file's folder). */
function newFunction(input: DeployPlanInput, style: PathStyle): PlannedFunction {
  const folder = input.isFolder ? input.path : style.dirname(input.path);
  const relativeFolder = style.relative(input.root, folder).split(style.sep).join('/') || '.';
  const language = input.isFolder ? undefined : languageOfFile(input.path);
  const fileInFolder = style.relative(folder, input.path).split(style.sep).join('/');
  const handler = input.isFolder
    ? input.guesses?.handlers[0]
    : input.exportName !== undefined
      ? handlerString(fileInFolder, input.exportName)
      : // A file without an export: the folder's handler guess that is in this file.
        input.guesses?.handlers.find(
          (h) =>
            language &&
            handlerNamesForFile([{ handler: h, fileRelativeToCodeFolder: fileInFolder }], language)
              .length > 0,
        );
  const runtime =
    input.guesses?.runtime ??
    (language === 'python' ? DEFAULT_PYTHON_RUNTIME : language ? DEFAULT_NODE_RUNTIME : undefined);
  const name = input.select ?? newFunctionName(style.basename(folder), input.exportName);
  const base: FunctionDefinition = { source: 'detected', name, folder: relativeFolder };
  return layered(base, [[{ handler, runtime }, 'default']], true);
}

function namesOf(functions: readonly PlannedFunction[]): string {
  return functions.length === 0
    ? 'none'
    : functions
        .map((f) =>
          f.definition.logicalId && f.definition.logicalId !== f.definition.name
            ? `${f.definition.logicalId} (${f.definition.name})`
            : f.definition.name,
        )
        .join(', ');
}
