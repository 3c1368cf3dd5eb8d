// Finds the interpreter a function's runtime declares (core/interpreterChoice.ts chooses): binaries
// the user mapped to a runtime, then PATH (node, python3.X, python3) and the install folders of
// version managers (nvm, fnm, volta, asdf, mise, n, pyenv, uv). Each candidate is run once to learn
// its real version and binary (a version manager's shim costs ~100 ms a start; the binary it leads
// to does not), cached by path and modification time. Resolved once per runtime, so the warm spare
// process and every cold start after the first pay nothing.
import { execFile } from 'node:child_process';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fail } from '../../core/apiProblem';
import {
  chooseInterpreter,
  chooseMapped,
  satisfies,
  wantedVersion,
  type Interpreter,
  type InterpreterChoice,
  type WantedVersion,
} from '../../core/interpreterChoice';

const PROBE_TIMEOUT_MS = 10_000;

const PROBES = {
  nodejs: ['-e', 'process.stdout.write(process.versions.node + "\\n" + process.execPath)'],
  python: ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.executable)'],
} as const;

/** Where to look, for tests and for machines laid out otherwise; defaults to this user's. */
export interface InterpreterSearch {
  readonly home?: string;
  readonly path?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const probed = new Map<
  string,
  { readonly mtimeMs: number; readonly result: Promise<Interpreter | undefined> }
>();

/** What this binary says it is (undefined when it does not run as that family's interpreter). */
export function probe(
  binary: string,
  family: WantedVersion['family'],
): Promise<Interpreter | undefined> {
  let mtimeMs = -1;
  try {
    mtimeMs = statSync(binary).mtimeMs;
  } catch {
    // A bare name (python3), looked up on PATH when run: not cached by time.
  }
  const key = `${family}\0${binary}`;
  const cached = probed.get(key);
  if (cached && cached.mtimeMs === mtimeMs && mtimeMs >= 0) return cached.result;
  const result = new Promise<Interpreter | undefined>((resolve) => {
    execFile(
      binary,
      [...PROBES[family]],
      {
        timeout: PROBE_TIMEOUT_MS,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      },
      (error, stdout) => {
        const [version, path] = stdout.trim().split('\n');
        resolve(
          !error && version && /^\d+\.\d+\.\d+$/.test(version)
            ? { version, path: path?.trim() || binary }
            : undefined,
        );
      },
    );
  });
  probed.set(key, { mtimeMs, result });
  return result;
}

/** Subfolders of `dir` whose names start with the wanted version ("v22.", "22.", "cpython-3.12."), each joined to `inner`. */
function installs(dir: string, prefixes: readonly string[], inner: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => prefixes.some((p) => name.startsWith(p)))
      .sort()
      .reverse()
      .map((name) => join(dir, name, inner));
  } catch {
    return [];
  }
}

function onPath(names: readonly string[], pathValue: string): string[] {
  const found: string[] = [];
  for (const dir of pathValue.split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = join(dir, name);
      try {
        if (statSync(file).isFile()) found.push(file);
      } catch {
        // not there
      }
    }
  }
  return found;
}

/** Every place the wanted version may be, most specific first (duplicates are probed once). */
export function candidatePaths(wanted: WantedVersion, search: InterpreterSearch = {}): string[] {
  const env = search.env ?? process.env;
  const home = search.home ?? homedir();
  const pathValue = search.path ?? env.PATH ?? '';
  const data = env.XDG_DATA_HOME ?? join(home, '.local', 'share');
  if (wanted.family === 'nodejs') {
    const major = wanted.parts[0]!;
    const named = [`v${major}.`, `${major}.`];
    return [
      ...new Set([
        ...installs(join(env.NVM_DIR ?? join(home, '.nvm'), 'versions', 'node'), named, 'bin/node'),
        ...installs(
          join(env.FNM_DIR ?? join(data, 'fnm'), 'node-versions'),
          named,
          'installation/bin/node',
        ),
        ...installs(join(home, '.fnm', 'node-versions'), named, 'installation/bin/node'),
        ...installs(
          join(env.VOLTA_HOME ?? join(home, '.volta'), 'tools', 'image', 'node'),
          named,
          'bin/node',
        ),
        ...installs(
          join(env.ASDF_DATA_DIR ?? join(home, '.asdf'), 'installs', 'nodejs'),
          named,
          'bin/node',
        ),
        ...installs(
          join(env.MISE_DATA_DIR ?? join(data, 'mise'), 'installs', 'node'),
          [`${major}`],
          'bin/node',
        ),
        ...installs(join(env.N_PREFIX ?? '/usr/local', 'n', 'versions', 'node'), named, 'bin/node'),
        ...onPath(['node'], pathValue),
      ]),
    ];
  }
  const minor = `${wanted.parts[0]}.${wanted.parts[1]}`;
  const named = [`${minor}.`, `${minor}`];
  return [
    ...new Set([
      ...onPath([`python${minor}`], pathValue),
      ...installs(join(env.PYENV_ROOT ?? join(home, '.pyenv'), 'versions'), named, 'bin/python3'),
      ...installs(
        join(env.UV_PYTHON_INSTALL_DIR ?? join(data, 'uv', 'python')),
        [`cpython-${minor}.`],
        'bin/python3',
      ),
      ...installs(
        join(env.ASDF_DATA_DIR ?? join(home, '.asdf'), 'installs', 'python'),
        named,
        'bin/python3',
      ),
      ...installs(
        join(env.MISE_DATA_DIR ?? join(data, 'mise'), 'installs', 'python'),
        named,
        'bin/python3',
      ),
      ...onPath(['python3'], pathValue),
    ]),
  ];
}

/** pyenv's, rbenv-style and asdf's shims: scripts that start the manager to find the binary. */
function isShim(path: string): boolean {
  return /[/\\]shims[/\\]/.test(path);
}

/** One path per binary (/bin/node and /usr/bin/node are often the same file), leaving out the known ones. */
function distinctBinaries(paths: readonly string[], known: readonly string[]): string[] {
  const realOf = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  const seen = new Set<string>(known.map(realOf));
  return paths.filter((path) => {
    const real = realOf(path);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

export class InterpreterResolver {
  private readonly resolved = new Map<string, Promise<InterpreterChoice>>();

  /**
   * `mapped`: runtime → binary, from the `lambdaLens.local.runtimes` setting or `serve --runtime-binary`.
   * LAMBDA_LENS_NODE and LAMBDA_LENS_PYTHON map every runtime of their family.
   */
  constructor(
    private readonly mapped: Readonly<Record<string, string>> = {},
    private readonly search: InterpreterSearch = {},
  ) {}

  /** The interpreter for a Node.js or Python runtime (undefined for any other), found once per runtime. */
  resolve(runtime: string): Promise<InterpreterChoice> | undefined {
    const wanted = wantedVersion(runtime);
    if (!wanted) return undefined;
    let choice = this.resolved.get(runtime);
    if (!choice) {
      choice = this.find(runtime, wanted);
      this.resolved.set(runtime, choice);
      // A failure (a mapped binary that does not run) is said again at the next invoke, not cached.
      choice.catch(() => this.resolved.delete(runtime));
    }
    return choice;
  }

  private async find(runtime: string, wanted: WantedVersion): Promise<InterpreterChoice> {
    const env = this.search.env ?? process.env;
    const familyVariable = wanted.family === 'nodejs' ? 'LAMBDA_LENS_NODE' : 'LAMBDA_LENS_PYTHON';
    const explicit = Object.hasOwn(this.mapped, runtime)
      ? {
          binary: this.mapped[runtime]!,
          source: 'serve --runtime-binary or lambdaLens.local.runtimes',
        }
      : env[familyVariable]
        ? { binary: env[familyVariable], source: familyVariable }
        : undefined;
    if (explicit) {
      const found = await probe(explicit.binary, wanted.family);
      if (!found) {
        fail(
          'ServiceException',
          `${runtime} functions are mapped to "${explicit.binary}" (${explicit.source}), which did not run as ${wanted.family === 'nodejs' ? 'Node.js' : 'Python'}: ` +
            'correct the path (lambdaLens.local.runtimes, serve --runtime-binary or ' +
            `${familyVariable}).`,
          500,
        );
      }
      return chooseMapped(runtime, wanted, found, explicit.source);
    }
    // The endpoint's own Node, when it is the declared version: no process to start, and it is
    // what the spare process already runs.
    const own: Interpreter = { path: process.execPath, version: process.versions.node };
    if (wanted.family === 'nodejs' && satisfies(wanted, own.version)) return { interpreter: own };
    // Real binaries first (one process each, in parallel); version managers' shims (a script that
    // starts their tool, ~100 ms or more each) only when none of those is the declared version.
    // The endpoint's own Node is known without running it.
    const paths = distinctBinaries(
      candidatePaths(wanted, this.search),
      wanted.family === 'nodejs' ? [process.execPath] : [],
    );
    const probeAll = async (list: string[]) =>
      (await Promise.all(list.map((path) => probe(path, wanted.family)))).filter(
        (c): c is Interpreter => c !== undefined,
      );
    const real = await probeAll(paths.filter((p) => !isShim(p)));
    if (real.some((c) => satisfies(wanted, c.version)))
      return chooseInterpreter(runtime, wanted, real, real[0]!);
    const all = [...real, ...(await probeAll(paths.filter(isShim)))];
    return chooseInterpreter(runtime, wanted, all, await this.fallback(wanted));
  }

  /** What ran before versions were matched: the endpoint's own Node, or python3 on PATH. */
  private async fallback(wanted: WantedVersion): Promise<Interpreter> {
    if (wanted.family === 'nodejs')
      return { path: process.execPath, version: process.versions.node };
    const python = await probe(
      onPath(['python3'], this.search.path ?? (this.search.env ?? process.env).PATH ?? '')[0] ??
        'python3',
      'python',
    );
    if (!python)
      fail(
        'ServiceException',
        'Python functions need python3 on this machine; install it, or map a runtime to a Python binary (lambdaLens.local.runtimes, serve --runtime-binary python3.12=/path/to/python3, or LAMBDA_LENS_PYTHON).',
        500,
      );
    return python;
  }
}
