// Guesses for the first-deploy prompts: the runtime from what the folder holds, and handler
// candidates from file names and a glance at their contents. Kept simple on purpose: the full
// handler detection (for CodeLenses) lives elsewhere.
export const DEFAULT_NODE_RUNTIME = 'nodejs22.x';
export const DEFAULT_PYTHON_RUNTIME = 'python3.13';
export const DEFAULT_PROVIDED_RUNTIME = 'provided.al2023';

export interface RuntimeGuess {
  readonly runtime: string;
  /** Why, for the prompt's detail line: "package.json found". */
  readonly reason: string;
}

/**
 * @param fileNames the folder's file names, relative, forward slashes (a shallow listing is enough)
 * @param packageJson the parsed package.json when there is one (its `engines.node` picks the version)
 */
export function detectRuntime(
  fileNames: readonly string[],
  packageJson?: unknown,
): RuntimeGuess | undefined {
  const names = new Set(fileNames);
  const has = (pattern: RegExp) => fileNames.some((f) => pattern.test(f));
  if (names.has('bootstrap'))
    return { runtime: DEFAULT_PROVIDED_RUNTIME, reason: 'a bootstrap executable is present' };
  if (
    names.has('package.json') ||
    names.has('tsconfig.json') ||
    has(/^[^/]+\.(m?js|cjs|ts|mts)$/)
  ) {
    const reason = names.has('package.json')
      ? 'package.json found'
      : names.has('tsconfig.json')
        ? 'tsconfig.json found'
        : 'JavaScript/TypeScript files found';
    return { runtime: nodeRuntimeFor(packageJson), reason };
  }
  if (names.has('requirements.txt') || names.has('pyproject.toml') || has(/^[^/]+\.py$/)) {
    return {
      runtime: DEFAULT_PYTHON_RUNTIME,
      reason: names.has('requirements.txt') ? 'requirements.txt found' : 'Python files found',
    };
  }
  return undefined;
}

/** `engines.node` ">=20" or "20.x" → nodejs20.x; otherwise the default. */
function nodeRuntimeFor(packageJson: unknown): string {
  const engines = (packageJson as { engines?: { node?: unknown } } | undefined)?.engines?.node;
  const major = typeof engines === 'string' ? /(\d{2})/.exec(engines)?.[1] : undefined;
  if (major && ['18', '20', '22', '24'].includes(major)) return `nodejs${major}.x`;
  return DEFAULT_NODE_RUNTIME;
}

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

const LIKELY_NAMES = [
  'index',
  'handler',
  'app',
  'main',
  'lambda_function',
  'lambda',
  'function',
  'src/index',
  'src/handler',
  'src/app',
];

/**
 * Handler strings (`file.export`) worth offering, best first: exported functions named like
 * handlers in files named like entry points.
 */
export function handlerCandidates(files: readonly SourceFile[]): string[] {
  const scored: { handler: string; score: number }[] = [];
  for (const file of files) {
    const match = /^(.*)\.(js|mjs|cjs|ts|mts|py)$/.exec(file.path);
    if (
      !match ||
      /(^|\/)(node_modules|test|tests|__tests__)\//.test(file.path) ||
      /\.(test|spec|d)\.[^.]+$/.test(file.path)
    )
      continue;
    const module = match[1]!;
    const python = match[2] === 'py';
    const names = python ? pythonFunctions(file.text) : exportedFunctions(file.text);
    const nameRank = LIKELY_NAMES.indexOf(module);
    for (const name of names) {
      let score = nameRank >= 0 ? 20 - nameRank : 0;
      if (/handler$/i.test(name)) score += 30;
      else if (name === 'main' || name === 'lambda') score += 10;
      else if (!python) score += 1;
      else continue; // a Python file's other functions are helpers more often than not
      scored.push({ handler: `${module}.${name}`, score });
    }
  }
  return scored
    .sort((a, b) => b.score - a.score || a.handler.localeCompare(b.handler))
    .map((s) => s.handler);
}

function exportedFunctions(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(
    /export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+)([A-Za-z_$][\w$]*)/g,
  ))
    names.add(m[1]!);
  for (const m of text.matchAll(/(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=/g)) names.add(m[1]!);
  for (const m of text.matchAll(/module\.exports\s*=\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',')) {
      const name = /^\s*([A-Za-z_$][\w$]*)/.exec(part)?.[1];
      if (name) names.add(name);
    }
  }
  return [...names];
}

function pythonFunctions(text: string): string[] {
  return [...text.matchAll(/^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(\s*\w+\s*,\s*\w+/gm)].map(
    (m) => m[1]!,
  );
}
