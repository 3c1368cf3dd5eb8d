// Function definitions from an AWS SAM / CloudFormation template (YAML or JSON, short tags
// accepted): AWS::Serverless::Function with the template's Globals.Function, and
// AWS::Lambda::Function whose Code is a local folder. A value we cannot resolve without a stack
// (`!Ref` of a resource, `!GetAtt`, …) is left out and reported, never guessed.
import { parseDocument } from 'yaml';
import type { Architecture, DefinitionProblem, FunctionDefinition } from './functionDefinition';
import {
  cloudFormationTags,
  resolveIntrinsics,
  type ParameterDefaults,
  type ResolveOptions,
  type Resolved,
} from './intrinsics';
import { readCloudSettings } from './samCloudSettings';
import { errorMessage } from '../errorMessage';
import { isJsonObject } from '../jsonObject';

export { TEMPLATE_FILE_NAMES } from './definitionFiles';

export interface TemplateFunctions {
  readonly functions: FunctionDefinition[];
  readonly problems: DefinitionProblem[];
}

/**
 * A template that cannot be read at all (broken YAML/JSON, not a mapping). `refused`: it is beyond
 * what we read (aliases that expand without bound), so nothing may be deployed in its place.
 */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly refused = false,
  ) {
    super(message);
  }
}

/** Uses of aliases, weighted by the aliases inside what they repeat: a real template needs few; a "billion laughs" needs many. */
const MAX_ALIAS_EXPANSION = 100;

type Json = Record<string, unknown>;

/**
 * @param text the template's text
 * @param fileName for messages (e.g. `template.yaml`)
 * @param templateFolder the template's folder relative to the workspace (`''` at its root); folders are joined to it
 */
export function parseSamTemplate(
  text: string,
  fileName = 'template.yaml',
  templateFolder = '',
): TemplateFunctions {
  const { template, resources, parameters, problems } = readTemplate(text, fileName);
  const globals =
    isJsonObject(template.Globals) && isJsonObject(template.Globals.Function)
      ? template.Globals.Function
      : {};
  const functions: FunctionDefinition[] = [];
  const layerResources = new Set(
    Object.entries(resources)
      .filter(
        ([, r]) =>
          isJsonObject(r) &&
          (r.Type === 'AWS::Serverless::LayerVersion' || r.Type === 'AWS::Lambda::LayerVersion'),
      )
      .map(([id]) => id),
  );
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isJsonObject(resource)) continue;
    const type = resource.Type;
    if (type !== 'AWS::Serverless::Function' && type !== 'AWS::Lambda::Function') continue;
    const own = isJsonObject(resource.Properties) ? resource.Properties : {};
    const serverless = type === 'AWS::Serverless::Function';
    const properties = serverless ? withGlobals(globals, own) : own;
    const reader = new PropertyReader(
      `${fileName}: Resources.${logicalId}.Properties`,
      parameters,
      problems,
    );
    const definition = readFunction(
      logicalId,
      properties,
      serverless,
      templateFolder,
      reader,
      layerResources,
    );
    if (definition) functions.push(definition);
  }
  return { functions, problems };
}

export interface TemplateData {
  readonly template: Json;
  readonly resources: Json;
  readonly parameters: ParameterDefaults;
  /** The YAML parser's warnings. */
  readonly problems: DefinitionProblem[];
}

/** The template as plain data (short tags in their long form), with its parameters' defaults. */
export function readTemplate(text: string, fileName = 'template.yaml'): TemplateData {
  const document = parseDocument(text, {
    customTags: cloudFormationTags(),
    prettyErrors: true,
    uniqueKeys: false,
  });
  if (document.errors.length > 0) {
    throw new TemplateError(
      `${fileName} is not valid YAML/JSON: ${document.errors[0]!.message.split('\n')[0]}`,
    );
  }
  const template = toPlainData(document, fileName);
  if (!isJsonObject(template))
    throw new TemplateError(
      `${fileName} is not a CloudFormation template (expected a mapping with Resources).`,
    );
  const problems: DefinitionProblem[] = document.warnings.map((w) => ({
    where: fileName,
    message: w.message.split('\n')[0]!,
  }));
  const resources = template.Resources;
  if (!isJsonObject(resources)) throw new TemplateError(`${fileName} has no Resources section.`);
  return { template, resources, parameters: parameterDefaults(template.Parameters), problems };
}

function toPlainData(document: ReturnType<typeof parseDocument>, fileName: string): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (error) {
    // The yaml package says "Excessive alias count" (a ReferenceError) when aliases expand too far.
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new TemplateError(
        `${fileName}: too many aliases (their expansion goes over ${MAX_ALIAS_EXPANSION}, as in a "billion laughs"); the template is not read. Repeat the values instead of aliasing them.`,
        true,
      );
    }
    throw new TemplateError(`${fileName} cannot be read: ${errorMessage(error)}`);
  }
}

function parameterDefaults(parameters: unknown): ParameterDefaults {
  const defaults = new Map<string, string | number | boolean>();
  if (!isJsonObject(parameters)) return defaults;
  for (const [name, spec] of Object.entries(parameters)) {
    const value = isJsonObject(spec) ? spec.Default : undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      defaults.set(name, value);
  }
  return defaults;
}

/** SAM's Globals rules: a function's own value wins; maps (Environment.Variables, Tags) merge key by key. */
export function withGlobals(globals: Json, own: Json): Json {
  const merged: Json = { ...globals, ...own };
  for (const key of ['Tags']) {
    if (isJsonObject(globals[key]) && isJsonObject(own[key]))
      merged[key] = { ...globals[key], ...own[key] };
  }
  // SAM appends a function's own list to the Globals' one.
  if (Array.isArray(globals.Layers) && Array.isArray(own.Layers))
    merged.Layers = [...(globals.Layers as unknown[]), ...(own.Layers as unknown[])];
  const globalVariables = isJsonObject(globals.Environment)
    ? globals.Environment.Variables
    : undefined;
  const ownVariables = isJsonObject(own.Environment) ? own.Environment.Variables : undefined;
  if (isJsonObject(globalVariables) && isJsonObject(ownVariables))
    merged.Environment = {
      ...(own.Environment as Json),
      Variables: { ...globalVariables, ...ownVariables },
    };
  return merged;
}

/** Reads one property, resolving what it can and recording what it cannot. */
class PropertyReader {
  constructor(
    readonly where: string,
    private readonly parameters: ParameterDefaults,
    private readonly problems: DefinitionProblem[],
  ) {}

  problem(property: string, message: string): void {
    this.problems.push({ where: `${this.where}.${property}`, message });
  }

  resolve(value: unknown, options?: ResolveOptions): Resolved {
    return resolveIntrinsics(value, this.parameters, options);
  }

  value(properties: Json, property: string): unknown {
    if (!(property in properties)) return undefined;
    const resolved = resolveIntrinsics(properties[property], this.parameters);
    if (resolved.ok) return resolved.value;
    this.problem(
      property,
      `${resolved.expression} cannot be resolved outside CloudFormation; set ${property} in .lambda-lens/functions.json or pass it as a flag.`,
    );
    return undefined;
  }

  string(properties: Json, property: string): string | undefined {
    const value = this.value(properties, property);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.problem(property, `expected a string, found ${JSON.stringify(value)}.`);
    return undefined;
  }

  integer(properties: Json, property: string): number | undefined {
    const value = this.value(properties, property);
    if (value === undefined || value === null) return undefined;
    const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number)) return number;
    this.problem(property, `expected a whole number, found ${JSON.stringify(value)}.`);
    return undefined;
  }

  /** A map of strings; entries that cannot be resolved are left out, each reported. */
  stringMap(map: unknown, property: string): Record<string, string> | undefined {
    if (map === undefined || map === null) return undefined;
    if (!isJsonObject(map)) {
      const resolved = resolveIntrinsics(map, this.parameters);
      this.problem(
        property,
        resolved.ok
          ? `expected a mapping of names to values.`
          : `${resolved.expression} cannot be resolved outside CloudFormation.`,
      );
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [key, raw] of Object.entries(map)) {
      const resolved = resolveIntrinsics(raw, this.parameters);
      if (!resolved.ok) {
        this.problem(
          `${property}.${key}`,
          `${resolved.expression} cannot be resolved outside CloudFormation; ${key} is left out. Set it in .lambda-lens/functions.json to deploy it.`,
        );
      } else if (
        typeof resolved.value === 'string' ||
        typeof resolved.value === 'number' ||
        typeof resolved.value === 'boolean'
      ) {
        out[key] = String(resolved.value);
      } else {
        this.problem(
          `${property}.${key}`,
          `expected a string value, found ${JSON.stringify(resolved.value)}.`,
        );
      }
    }
    return out;
  }
}

function readFunction(
  logicalId: string,
  properties: Json,
  serverless: boolean,
  templateFolder: string,
  reader: PropertyReader,
  layerResources: ReadonlySet<string>,
): FunctionDefinition | undefined {
  if (reader.string(properties, 'PackageType') === 'Image') {
    reader.problem(
      'PackageType',
      'container image functions are deployed with `sam deploy`, not from a folder; skipped.',
    );
    return undefined;
  }
  const folder = codeFolder(properties, serverless, templateFolder, reader);
  if (folder === undefined) return undefined;
  const name = reader.string(properties, 'FunctionName') ?? logicalId;
  const architectures = reader.value(properties, 'Architectures');
  let architecture: Architecture | undefined;
  if (
    Array.isArray(architectures) &&
    architectures.length === 1 &&
    (architectures[0] === 'x86_64' || architectures[0] === 'arm64')
  )
    architecture = architectures[0];
  else if (architectures !== undefined)
    reader.problem(
      'Architectures',
      `expected [x86_64] or [arm64], found ${JSON.stringify(architectures)}.`,
    );
  const environment = isJsonObject(properties.Environment)
    ? reader.stringMap(properties.Environment.Variables, 'Environment.Variables')
    : undefined;
  const tags = serverless
    ? reader.stringMap(properties.Tags, 'Tags')
    : tagList(properties.Tags, reader);
  const role =
    serverless && properties.Role === undefined ? undefined : reader.string(properties, 'Role');
  // SAM would create a role with these policies; a deploy from here creates no IAM policies, so say so.
  if (serverless && properties.Policies !== undefined) {
    reader.problem(
      'Policies',
      'not created: a deploy from here makes no IAM policies. The function runs with its Role, "role" in .lambda-lens/functions.json, --role, or a basic execution role (--create-role), which only writes logs; add the permissions to that role yourself.',
    );
  }
  reportNotDeployed(properties, reader);
  const cloud = readCloudSettings(properties, serverless, layerResources, reader);
  const definition: FunctionDefinition = {
    source: 'template',
    logicalId,
    name,
    folder,
    handler: reader.string(properties, 'Handler'),
    runtime: reader.string(properties, 'Runtime'),
    memorySize: reader.integer(properties, 'MemorySize'),
    timeout: reader.integer(properties, 'Timeout'),
    architecture,
    environment,
    tags,
    role,
    description: reader.string(properties, 'Description'),
    cloud,
  };
  return Object.fromEntries(
    Object.entries(definition).filter(([, v]) => v !== undefined),
  ) as unknown as FunctionDefinition;
}

/**
 * Settings a deploy from here does not send (it creates the function from its folder alone): each
 * is said, with what the function misses without it and what to do, never dropped silently.
 * (Layers, tracing, VPC and the like are sent where they can be: samCloudSettings.ts.)
 */
function reportNotDeployed(properties: Json, reader: PropertyReader): void {
  if (properties.SnapStart !== undefined) {
    reader.problem(
      'SnapStart',
      'not turned on: a deploy from here creates and updates the function without SnapStart, so its cold starts are as without it. ' +
        'Turn it on with `sam deploy`, or with aws lambda update-function-configuration --snap-start ApplyOn=PublishedVersions and then publish a version.',
    );
  }
  if (properties.CodeSigningConfigArn !== undefined) {
    reader.problem(
      'CodeSigningConfigArn',
      'not applied: a deploy from here uploads the package unsigned and sets no code signing configuration. ' +
        'Sign and deploy it with `sam deploy --signing-profiles`.',
    );
  }
}

/**
 * The code folder relative to the workspace. A folder outside it is refused, as functions.json
 * refuses one: a template from elsewhere (a cloned project) must not make a deploy package the
 * user's home or any folder beyond the one they opened.
 */
function codeFolder(
  properties: Json,
  serverless: boolean,
  templateFolder: string,
  reader: PropertyReader,
): string | undefined {
  const property = serverless ? 'CodeUri' : 'Code';
  if (serverless && properties.InlineCode !== undefined) {
    reader.problem(
      'InlineCode',
      'inline code is deployed with `sam deploy`, not from a folder; skipped.',
    );
    return undefined;
  }
  const code = reader.value(properties, property);
  if (code === undefined) {
    if (properties[property] === undefined)
      reader.problem(property, `no ${property}: say which folder holds the function's code.`);
    return undefined;
  }
  if (typeof code === 'string') {
    if (/^s3:\/\//.test(code)) {
      reader.problem(property, `${code} is code in S3, not a local folder; skipped.`);
      return undefined;
    }
    const folder = joinFolder(templateFolder, code);
    if (/^([\\/]|[A-Za-z]:)/.test(code) || folder === '..' || folder.startsWith('../')) {
      reader.problem(
        property,
        `${code} is not a folder inside the workspace; a deploy packages only folders inside it. Give the code folder relative to the template, inside the workspace (or open the folder that holds both); skipped.`,
      );
      return undefined;
    }
    return folder;
  }
  reader.problem(
    property,
    `${JSON.stringify(code).slice(0, 80)} is not a local folder (S3 location or inline code); skipped.`,
  );
  return undefined;
}

/** AWS::Lambda::Function's Tags: a list of { Key, Value }. */
function tagList(value: unknown, reader: PropertyReader): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return reader.stringMap(value, 'Tags');
  const map: Record<string, unknown> = {};
  for (const item of value)
    if (isJsonObject(item) && typeof item.Key === 'string') map[item.Key] = item.Value;
  return reader.stringMap(map, 'Tags');
}

/** `a/b` + `./src/` → `a/b/src`; `..` stays (codeFolder refuses folders outside the workspace). */
export function joinFolder(base: string, folder: string): string {
  const parts = [...base.split('/'), ...folder.replace(/\\/g, '/').split('/')].filter(
    (p) => p !== '' && p !== '.',
  );
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/') || '.';
}
