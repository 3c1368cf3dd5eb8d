// Which interpreter runs a function: the version its runtime declares (nodejs22.x → Node 22,
// python3.12 → Python 3.12), chosen among the interpreters found on the machine. Pure: finding
// and running the candidates is src/local/runtime/interpreters.ts.
import { runtimeInfo } from './runtimes';

export interface WantedVersion {
  readonly family: 'nodejs' | 'python';
  /** The version parts the runtime fixes: [22] for nodejs22.x, [3, 12] for python3.12. */
  readonly parts: readonly number[];
  /** As people say it: "Node 22", "Python 3.12". */
  readonly label: string;
}

/** An interpreter found on the machine, with the version it reported when run. */
export interface Interpreter {
  readonly path: string;
  /** "20.20.2", "3.12.1". */
  readonly version: string;
}

export interface InterpreterChoice {
  readonly interpreter: Interpreter;
  /** Set when it is not the declared version: what the invocation's log says about it. */
  readonly note?: string;
}

export function wantedVersion(runtime: string): WantedVersion | undefined {
  const family = runtimeInfo(runtime)?.family;
  const node = family === 'nodejs' ? /^nodejs(\d+)\.x$/.exec(runtime) : null;
  if (node) return { family: 'nodejs', parts: [Number(node[1])], label: `Node ${node[1]}` };
  const python = family === 'python' ? /^python(\d+)\.(\d+)$/.exec(runtime) : null;
  if (python)
    return {
      family: 'python',
      parts: [Number(python[1]), Number(python[2])],
      label: `Python ${python[1]}.${python[2]}`,
    };
  return undefined;
}

/** "v20.20.2" or "3.12.1" → [20, 20, 2]; undefined for anything else. */
export function versionParts(version: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

export function satisfies(wanted: WantedVersion, version: string): boolean {
  const parts = versionParts(version);
  return parts !== undefined && wanted.parts.every((part, i) => parts[i] === part);
}

function newer(a: Interpreter, b: Interpreter): number {
  const pa = versionParts(a.version) ?? [],
    pb = versionParts(b.version) ?? [];
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return 0;
}

const familyName = (wanted: WantedVersion) => (wanted.family === 'nodejs' ? 'Node' : 'Python');

/**
 * The declared version when one was found (its newest patch, as Lambda runs the newest), else the
 * fallback (what would have run anyway), with a note that says so. Candidates come in the order
 * they were found, so among equal versions the first wins.
 */
export function chooseInterpreter(
  runtime: string,
  wanted: WantedVersion,
  candidates: readonly Interpreter[],
  fallback: Interpreter,
): InterpreterChoice {
  const matching = candidates.filter((c) => satisfies(wanted, c.version));
  const best = [...matching].sort(newer)[0];
  if (best) return { interpreter: best };
  if (satisfies(wanted, fallback.version)) return { interpreter: fallback };
  return {
    interpreter: fallback,
    note: `${runtime} ran on ${familyName(wanted)} ${fallback.version}: no ${wanted.label} found`,
  };
}

/** A binary the user mapped to a runtime runs as told; when it is another version, the log says so. */
export function chooseMapped(
  runtime: string,
  wanted: WantedVersion,
  mapped: Interpreter,
  source: string,
): InterpreterChoice {
  if (satisfies(wanted, mapped.version)) return { interpreter: mapped };
  return {
    interpreter: mapped,
    note: `${runtime} ran on ${familyName(wanted)} ${mapped.version}: the binary mapped to it by ${source} (${mapped.path}) is not ${wanted.label}`,
  };
}

/**
 * A runtime mapped to a binary ("nodejs22.x=/path/to/node", from `serve --runtime-binary` or one
 * entry of the lambdaLens.local.runtimes setting); an error message that says what to write instead.
 */
export function runtimeBinaryEntry(
  runtime: string,
  binary: string,
): { runtime: string; binary: string } | { error: string } {
  if (!wantedVersion(runtime))
    return {
      error: `"${runtime}" is not a Node.js or Python runtime: map one such as nodejs22.x or python3.12 to a binary`,
    };
  if (!binary.trim())
    return {
      error: `${runtime} is mapped to no binary: give its path, as in ${runtime}=/path/to/${wantedVersion(runtime)!.family === 'nodejs' ? 'node' : 'python3'}`,
    };
  return { runtime, binary };
}

export function parseRuntimeBinary(
  text: string,
): { runtime: string; binary: string } | { error: string } {
  const at = text.indexOf('=');
  if (at < 0)
    return { error: `"${text}" is not RUNTIME=PATH: write it as nodejs22.x=/path/to/node` };
  return runtimeBinaryEntry(text.slice(0, at).trim(), text.slice(at + 1));
}

/** The lambdaLens.local.runtimes setting as `serve --runtime-binary` arguments, and entries that cannot be used, each saying why. */
export function runtimeBinaryArgs(setting: unknown): { args: string[]; problems: string[] } {
  const args: string[] = [],
    problems: string[] = [];
  if (setting === undefined || setting === null) return { args, problems };
  if (typeof setting !== 'object' || Array.isArray(setting))
    return {
      args,
      problems: [
        'lambdaLens.local.runtimes must be an object of runtime → binary path, e.g. { "nodejs22.x": "/path/to/node" }',
      ],
    };
  for (const [runtime, binary] of Object.entries(setting)) {
    const entry =
      typeof binary === 'string'
        ? runtimeBinaryEntry(runtime, binary)
        : { error: `${runtime}'s binary must be a path (a string)` };
    if ('error' in entry) problems.push(`lambdaLens.local.runtimes: ${entry.error}`);
    else args.push('--runtime-binary', `${entry.runtime}=${entry.binary}`);
  }
  return { args, problems };
}
