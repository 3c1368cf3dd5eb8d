// Reads what the workspace says about its functions: a SAM template at its root, then
// .lambda-lens/functions.json (parsing and validation are core's; this is the file I/O), and
// the guesses for the first-deploy prompts from a folder's files. A definition file that is there
// but cannot be read stops the deploy (DefinitionFileError), in the CLI and the editor alike.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DefinitionFileError, MAX_DEFINITION_FILE_BYTES } from '../../core/deploy/definitionFiles';
import {
  detectRuntime,
  handlerCandidates,
  type RuntimeGuess,
  type SourceFile,
} from '../../core/deploy/detection';
import type { DefinitionProblem, FunctionDefinition } from '../../core/deploy/functionDefinition';
import { isInside } from '../../core/deploy/pathInside';
import { formatBytes } from '../../core/deploy/packageLimits';
import {
  parseSamTemplate,
  TEMPLATE_FILE_NAMES,
  TemplateError,
} from '../../core/deploy/samTemplate';
import {
  parseWorkspaceFunctions,
  WORKSPACE_FUNCTIONS_FILE,
} from '../../core/deploy/workspaceFunctions';

export interface WorkspaceDefinitions {
  /** From the template (first) and the workspace file; folders relative to the workspace. */
  readonly template: FunctionDefinition[];
  readonly workspace: FunctionDefinition[];
  readonly problems: DefinitionProblem[];
  readonly templateFile?: string;
}

/** A file's text; undefined when it is missing, unreadable or over the limit (guesses only). */
async function readSmall(path: string): Promise<string | undefined> {
  try {
    if ((await stat(path)).size > MAX_DEFINITION_FILE_BYTES) return undefined;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A definition file's text, undefined when there is none. One that is there but too large is
 * refused (DefinitionFileError), never skipped: the deploy would otherwise guess the settings.
 */
async function readDefinitionFile(root: string, name: string): Promise<string | undefined> {
  const path = join(root, name);
  let size: number;
  try {
    const found = await stat(path);
    if (!found.isFile()) return undefined;
    size = found.size;
  } catch {
    return undefined;
  }
  if (size > MAX_DEFINITION_FILE_BYTES) {
    throw new DefinitionFileError(
      `${name} is ${formatBytes(size)}, over the ${formatBytes(MAX_DEFINITION_FILE_BYTES)} a definition file may have, so it is not read and nothing is deployed. Make it smaller, or move it away to deploy without it.`,
    );
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new DefinitionFileError(
      `${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}), so nothing is deployed. Check its permissions.`,
    );
  }
}

/**
 * The definitions whose code folder, links resolved, lies inside the workspace; the others are
 * reported and left out. The definition files' own check reads only the path's text, and
 * packaging follows links, so a folder linked to the user's home would be packaged whole. A folder
 * not there yet is kept: packaging says so.
 */
async function withFoldersInside(
  workspaceRoot: string,
  definitions: FunctionDefinition[],
  where: string,
  problems: DefinitionProblem[],
): Promise<FunctionDefinition[]> {
  const realRoot = await realpath(workspaceRoot).catch(() => workspaceRoot);
  const kept: FunctionDefinition[] = [];
  for (const definition of definitions) {
    const real = await realpath(join(workspaceRoot, definition.folder)).catch(() => undefined);
    if (real === undefined || isInside(realRoot, real)) {
      kept.push(definition);
      continue;
    }
    problems.push({
      where,
      message: `${definition.name}: its folder "${definition.folder}" leads outside the workspace, to ${real}, through a symbolic link; a deploy packages only folders inside the workspace. Point it at a folder inside the workspace (or open the folder that holds both); skipped.`,
    });
  }
  return kept;
}

export async function loadFunctionDefinitions(
  workspaceRoot: string,
): Promise<WorkspaceDefinitions> {
  const problems: DefinitionProblem[] = [];
  let template: FunctionDefinition[] = [];
  let templateFile: string | undefined;
  for (const name of TEMPLATE_FILE_NAMES) {
    const text = await readDefinitionFile(workspaceRoot, name);
    if (text === undefined) continue;
    templateFile = name;
    try {
      const parsed = parseSamTemplate(text, name, '');
      template = parsed.functions;
      problems.push(...parsed.problems);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      if (error.refused) throw new DefinitionFileError(error.message);
      problems.push({ where: name, message: error.message });
    }
    break;
  }
  const workspaceText = await readDefinitionFile(workspaceRoot, WORKSPACE_FUNCTIONS_FILE);
  const workspace =
    workspaceText === undefined
      ? { functions: [], problems: [] }
      : parseWorkspaceFunctions(workspaceText);
  problems.push(...workspace.problems);
  return {
    template: await withFoldersInside(workspaceRoot, template, templateFile ?? '', problems),
    workspace: await withFoldersInside(
      workspaceRoot,
      workspace.functions,
      WORKSPACE_FUNCTIONS_FILE,
      problems,
    ),
    problems,
    ...(templateFile ? { templateFile } : {}),
  };
}

export interface FolderGuesses {
  readonly runtime?: RuntimeGuess;
  readonly handlers: string[];
}

const SOURCE = /\.(js|mjs|cjs|ts|mts|py)$/;

/** Runtime and handler candidates from the folder's top level and its src/ (small files only). */
export async function guessFromFolder(folder: string): Promise<FolderGuesses> {
  const names: string[] = [];
  for (const sub of ['', 'src']) {
    const entries = await readdir(join(folder, sub), { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isFile()) names.push(sub ? `${sub}/${e.name}` : e.name);
  }
  const packageText = names.includes('package.json')
    ? await readSmall(join(folder, 'package.json'))
    : undefined;
  let packageJson: unknown;
  try {
    packageJson = packageText ? JSON.parse(packageText) : undefined;
  } catch {
    packageJson = undefined;
  }
  const sources: SourceFile[] = [];
  for (const path of names.filter((n) => SOURCE.test(n) && !n.endsWith('.d.ts')).slice(0, 50)) {
    const text = await readSmall(join(folder, path));
    if (text !== undefined && text.length < 512 * 1024) sources.push({ path, text });
  }
  const runtime = detectRuntime(
    names.filter((n) => !n.includes('/')),
    packageJson,
  );
  return { ...(runtime ? { runtime } : {}), handlers: handlerCandidates(sources) };
}
