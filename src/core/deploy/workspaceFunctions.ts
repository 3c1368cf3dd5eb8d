// `.lambda-lens/functions.json`: what the user chose at first deploy, so the next deploy asks
// nothing. Parsed and validated here (pure); reading and writing the file is the caller's I/O.
//   { "version": 1, "functions": [ { "name": "orders", "folder": "orders", "handler": "index.handler",
//     "runtime": "nodejs22.x", "memory": 256, "timeout": 10, "architecture": "arm64",
//     "role": "arn:aws:iam::123456789012:role/orders", "environment": { "TABLE": "orders" },
//     "connection": "profile:dev", "region": "eu-west-1" } ] }
import { isPlainFunctionName } from '../arn';
import * as limits from '../limits';
import { runtimeInfo } from '../runtimes';
import { RESERVED_ENV_KEYS } from '../validation';
import type { DefinitionProblem, FunctionDefinition } from './functionDefinition';

import { WORKSPACE_FUNCTIONS_FILE } from './definitionFiles';
import { isConnectionId } from '../connectionIds';

export { WORKSPACE_FUNCTIONS_FILE };
export const WORKSPACE_FUNCTIONS_VERSION = 1;

/** One function as the file stores it (short field names, as a user would type them). */
export interface WorkspaceFunction {
  readonly name: string;
  readonly folder: string;
  readonly handler?: string;
  readonly runtime?: string;
  readonly memory?: number;
  readonly timeout?: number;
  readonly architecture?: 'x86_64' | 'arm64';
  readonly role?: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly connection?: string;
  readonly region?: string;
}

export interface WorkspaceFunctions {
  readonly functions: FunctionDefinition[];
  /** Every problem, each naming where (`functions[1].memory`); functions with problems are left out. */
  readonly problems: DefinitionProblem[];
}

const FIELDS = new Set([
  'name',
  'folder',
  'handler',
  'runtime',
  'memory',
  'timeout',
  'architecture',
  'role',
  'environment',
  'connection',
  'region',
]);
const ROLE_ARN = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/[\w+=,.@\-/]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ENV_KEY = /^[a-zA-Z]\w+$/;

export function parseWorkspaceFunctions(
  text: string,
  fileName = WORKSPACE_FUNCTIONS_FILE,
): WorkspaceFunctions {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      functions: [],
      problems: [
        {
          where: fileName,
          message: `is not valid JSON (${(error as Error).message}); fix it or delete it to be asked again.`,
        },
      ],
    };
  }
  const problems: DefinitionProblem[] = [];
  if (
    !data ||
    typeof data !== 'object' ||
    Array.isArray(data) ||
    !Array.isArray((data as Record<string, unknown>).functions)
  ) {
    return {
      functions: [],
      problems: [{ where: fileName, message: 'expected { "version": 1, "functions": [ … ] }.' }],
    };
  }
  const version = (data as Record<string, unknown>).version;
  if (version !== undefined && version !== WORKSPACE_FUNCTIONS_VERSION) {
    problems.push({
      where: `${fileName}: version`,
      message: `version ${JSON.stringify(version)} is not one this Lambda Lens reads (expected ${WORKSPACE_FUNCTIONS_VERSION}); update the extension.`,
    });
    return { functions: [], problems };
  }
  const functions: FunctionDefinition[] = [];
  const seen = new Set<string>();
  ((data as Record<string, unknown>).functions as unknown[]).forEach((entry, index) => {
    const where = `${fileName}: functions[${index}]`;
    const before = problems.length;
    const definition = validateEntry(entry, where, problems);
    if (
      definition &&
      seen.has(`${definition.connection ?? ''}|${definition.region ?? ''}|${definition.name}`)
    ) {
      problems.push({
        where: `${where}.name`,
        message: `"${definition.name}" is listed twice for the same connection and region.`,
      });
    }
    if (definition && problems.length === before) {
      seen.add(`${definition.connection ?? ''}|${definition.region ?? ''}|${definition.name}`);
      functions.push(definition);
    }
  });
  return { functions, problems };
}

function validateEntry(
  entry: unknown,
  where: string,
  problems: DefinitionProblem[],
): FunctionDefinition | undefined {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push({ where, message: 'expected an object with at least "name" and "folder".' });
    return undefined;
  }
  const e = entry as Record<string, unknown>;
  const bad = (field: string, message: string) =>
    problems.push({ where: `${where}.${field}`, message });
  for (const key of Object.keys(e))
    if (!FIELDS.has(key)) bad(key, `unknown field (known: ${[...FIELDS].join(', ')}).`);
  if (typeof e.name !== 'string' || !isPlainFunctionName(e.name))
    bad(
      'name',
      `${JSON.stringify(e.name)} is not a function name (1–64 letters, digits, - and _).`,
    );
  if (typeof e.folder !== 'string' || e.folder.length === 0)
    bad('folder', 'the code folder, relative to the workspace, is required.');
  else if (
    e.folder.startsWith('/') ||
    /^[a-zA-Z]:/.test(e.folder) ||
    e.folder.split(/[\\/]/).includes('..')
  )
    bad('folder', `"${e.folder}" must be a folder inside the workspace, relative to it.`);
  optionalString(
    e,
    'handler',
    (v) => v.length <= 128 && !/\s/.test(v),
    'a handler such as index.handler (no spaces, at most 128 characters)',
    bad,
  );
  optionalString(
    e,
    'runtime',
    (v) => runtimeInfo(v) !== undefined && !runtimeInfo(v)!.deprecated,
    'a supported runtime such as nodejs22.x, python3.13 or provided.al2023',
    bad,
  );
  optionalInteger(e, 'memory', limits.MEMORY_MIN_MB, limits.MEMORY_MAX_MB, 'MB', bad);
  optionalInteger(e, 'timeout', limits.TIMEOUT_MIN_S, limits.TIMEOUT_MAX_S, 'seconds', bad);
  optionalString(e, 'architecture', (v) => v === 'x86_64' || v === 'arm64', 'x86_64 or arm64', bad);
  optionalString(
    e,
    'role',
    (v) => ROLE_ARN.test(v),
    'an IAM role ARN (arn:aws:iam::123456789012:role/NAME)',
    bad,
  );
  optionalString(
    e,
    'connection',
    isConnectionId,
    'local, environment, profile:NAME, endpoint:NAME or endpoint:URL',
    bad,
  );
  optionalString(e, 'region', (v) => REGION.test(v), 'a region such as eu-west-1', bad);
  if (e.environment !== undefined) {
    if (!e.environment || typeof e.environment !== 'object' || Array.isArray(e.environment))
      bad('environment', 'expected an object of string values.');
    else {
      for (const [key, value] of Object.entries(e.environment)) {
        if (!ENV_KEY.test(key))
          bad(`environment.${key}`, 'names start with a letter and hold letters, digits and _.');
        else if (RESERVED_ENV_KEYS.has(key))
          bad(`environment.${key}`, 'is reserved: Lambda sets it itself.');
        if (typeof value !== 'string')
          bad(`environment.${key}`, `must be a string (write "${String(value)}" in quotes).`);
      }
      if (
        new TextEncoder().encode(JSON.stringify(e.environment)).length >
        limits.ENVIRONMENT_MAX_BYTES
      )
        bad('environment', "is larger than Lambda's 4 KB for all variables.");
    }
  }
  if (typeof e.name !== 'string' || typeof e.folder !== 'string') return undefined;
  // An entry with problems is left out by the caller, so the fields below are the checked ones.
  return definitionOf(e as unknown as WorkspaceFunction);
}

/** One entry of the file as deploy reads it (the file's short names → the definition's). */
export function definitionOf(e: WorkspaceFunction): FunctionDefinition {
  return {
    source: 'workspace',
    name: e.name,
    folder: e.folder.replace(/\\/g, '/'),
    ...(typeof e.handler === 'string' ? { handler: e.handler } : {}),
    ...(typeof e.runtime === 'string' ? { runtime: e.runtime } : {}),
    ...(typeof e.memory === 'number' ? { memorySize: e.memory } : {}),
    ...(typeof e.timeout === 'number' ? { timeout: e.timeout } : {}),
    ...(e.architecture === 'x86_64' || e.architecture === 'arm64'
      ? { architecture: e.architecture }
      : {}),
    ...(typeof e.role === 'string' ? { role: e.role } : {}),
    ...(e.environment && typeof e.environment === 'object' ? { environment: e.environment } : {}),
    ...(typeof e.connection === 'string' ? { connection: e.connection } : {}),
    ...(typeof e.region === 'string' ? { region: e.region } : {}),
  };
}

function optionalString(
  e: Record<string, unknown>,
  field: string,
  valid: (v: string) => boolean,
  expected: string,
  bad: (f: string, m: string) => void,
): void {
  const value = e[field];
  if (value === undefined) return;
  if (typeof value !== 'string' || !valid(value))
    bad(field, `${JSON.stringify(value)} is not ${expected}.`);
}

function optionalInteger(
  e: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
  unit: string,
  bad: (f: string, m: string) => void,
): void {
  const value = e[field];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    bad(field, `${JSON.stringify(value)} is not a whole number of ${unit} from ${min} to ${max}.`);
}

/** The file's new text with `entry` added, or merged into the entry of the same name, connection and region. */
export function recordWorkspaceFunction(
  existing: string | undefined,
  entry: WorkspaceFunction,
): string {
  let functions: unknown[] = [];
  if (existing !== undefined) {
    const parsed = JSON.parse(existing) as { functions?: unknown };
    if (Array.isArray(parsed.functions)) functions = parsed.functions;
  }
  const same = (f: unknown) => {
    const o = f as Record<string, unknown>;
    return (
      o && o.name === entry.name && o.connection === entry.connection && o.region === entry.region
    );
  };
  const index = functions.findIndex(same);
  const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
  // Merged into the entry already there: recording a role keeps the answers recorded before it.
  if (index >= 0) functions[index] = { ...(functions[index] as Record<string, unknown>), ...clean };
  else functions.push(clean);
  return `${JSON.stringify({ version: WORKSPACE_FUNCTIONS_VERSION, functions }, null, 2)}\n`;
}
