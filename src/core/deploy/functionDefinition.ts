// What deploy needs to know about one function, wherever it came from (a SAM template, the
// workspace file, the first-deploy prompts or command-line flags). Every field but the name and
// the folder may be missing: the next source in the order of precedence fills it in.
import { isAbsolute, join } from 'node:path';
import type { CloudSettings } from './cloudSettings';

export type Architecture = 'x86_64' | 'arm64';

export type DefinitionSource = 'template' | 'workspace' | 'detected' | 'flags';

export interface FunctionDefinition {
  readonly source: DefinitionSource;
  /** The Lambda function name. */
  readonly name: string;
  /** The code folder, relative to the template's or the workspace's folder, with forward slashes. */
  readonly folder: string;
  readonly handler?: string;
  readonly runtime?: string;
  readonly memorySize?: number;
  readonly timeout?: number;
  readonly architecture?: Architecture;
  readonly environment?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly role?: string;
  readonly description?: string;
  /** Connection id (`local`, `profile:NAME`, `endpoint:NAME`) and region chosen at first deploy. */
  readonly connection?: string;
  readonly region?: string;
  /** Layers, tracing, VPC, dead-letter queue, KMS key, file systems: from a template (cloudSettings.ts). */
  readonly cloud?: CloudSettings;
  /** The template's logical id, when the definition comes from a template. */
  readonly logicalId?: string;
}

/** The fields of a definition that a deploy sets on the function. */
const DEPLOY_SETTING_KEYS = [
  'handler',
  'runtime',
  'memorySize',
  'timeout',
  'architecture',
  'environment',
  'tags',
  'role',
  'description',
  'cloud',
] as const satisfies readonly (keyof FunctionDefinition)[];

/** What a deploy sets on the function, as the definition gives it. */
export type DeploySettings = Pick<FunctionDefinition, (typeof DEPLOY_SETTING_KEYS)[number]>;

/**
 * The definition's deploy settings, leaving out those it does not set, so the live values stay.
 * An empty string sets nothing either, except a description, where it clears the live one.
 */
export function deploySettingsOf(definition: FunctionDefinition): DeploySettings {
  return Object.fromEntries(
    DEPLOY_SETTING_KEYS.map((key) => [key, definition[key]]).filter(
      ([key, value]) => value !== undefined && (value !== '' || key === 'description'),
    ),
  ) as DeploySettings;
}

/** Something in a definition file that deploy cannot use as written; `where` is a path into the file. */
export interface DefinitionProblem {
  readonly where: string;
  readonly message: string;
}

/** Later definitions fill the fields earlier ones leave out (flags over workspace over template). */
export function mergeDefinitions(
  first: FunctionDefinition,
  ...rest: Partial<FunctionDefinition>[]
): FunctionDefinition {
  let merged: FunctionDefinition = first;
  for (const next of rest) {
    const defined = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
    merged = { ...merged, ...defined };
  }
  return merged;
}

/**
 * The folder a definition deploys, from the folder its definition file is in: what is packaged,
 * and what a debugger or a stack trace maps the endpoint's running copy back to.
 */
export function codeFolderOf(definition: { readonly folder: string }, root: string): string {
  return isAbsolute(definition.folder) ? definition.folder : join(root, definition.folder);
}

/** The function a folder's definitions (its template's first, then functions.json's) give by name. */
export function definitionNamed<D extends { readonly name: string }>(
  definitions: { readonly template: readonly D[]; readonly workspace: readonly D[] },
  name: string,
): D | undefined {
  return (
    definitions.template.find((d) => d.name === name) ??
    definitions.workspace.find((d) => d.name === name)
  );
}
