// Which files of a folder go into the deployment package: defaults that keep editor, VCS, test
// and cache files out, plus the user's `.lambdaignore` (gitignore syntax, through the `ignore`
// package, the matcher eslint and prettier use). Paths are relative, with forward slashes.
// The defaults are plain name and extension checks, not gitignore patterns: on 5,000 files the
// `ignore` matcher with twenty default rules cost ~100 ms, the name checks cost nothing.
import ignore, { type Ignore } from 'ignore';

export const LAMBDAIGNORE_FILE = '.lambdaignore';

/** Files and folders with these names never belong in a function, anywhere (dependencies too). */
const ALWAYS_NAMES = new Set([
  '.git',
  '.svn',
  '.hg',
  '.vscode',
  '.idea',
  '.lambda-lens',
  '.aws-sam',
  LAMBDAIGNORE_FILE,
  '.DS_Store',
  'Thumbs.db',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.cache',
]);
const ALWAYS_EXTENSIONS = ['.map', '.tsbuildinfo', '.pyc'];

/** The project's own files only (inside a dependency a `test/` folder may be code it loads). */
const PROJECT_NAMES = new Set([
  '.venv',
  'venv',
  '.env',
  'samconfig.toml',
  '.gitignore',
  '.npmrc',
  '.nvmrc',
  '.editorconfig',
]);
const PROJECT_TOP_FOLDERS = new Set(['test', 'tests', '__tests__', 'coverage', '.nyc_output']);
const PROJECT_NAME_PATTERNS = [
  /^\.env\./,
  /^\.eslintrc/,
  /^eslint\.config\./,
  /^\.prettierrc/,
  /^(jest|vitest)\.config\./,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
];
const PROJECT_TOP_FILE_PATTERNS = [/^test_.*\.py$/, /_test\.py$/, /^conftest\.py$/];

/** With a TypeScript handler, the bundle replaces the sources, tsconfig and node_modules. */
const TYPESCRIPT_SOURCE = /\.[cm]?tsx?$|^tsconfig.*\.json$/;

/** The rules in words, for docs and the output channel. */
export const DEFAULT_IGNORE_RULES: readonly string[] = [
  ...[...ALWAYS_NAMES].map((n) => `${n} (anywhere)`),
  ...ALWAYS_EXTENSIONS.map((e) => `*${e}`),
  ...[...PROJECT_NAMES].map((n) => `${n} (outside node_modules)`),
  ...[...PROJECT_TOP_FOLDERS].map((n) => `/${n}/`),
  '.env.*',
  '.eslintrc*',
  'eslint.config.*',
  '.prettierrc*',
  'jest/vitest config',
  '*.test.* and *.spec.* scripts',
  '/test_*.py, /*_test.py, /conftest.py',
];

export interface PackageFilter {
  /** True when the project file (or folder, with `isDirectory`) goes into the package. */
  includesProjectPath(path: string, isDirectory: boolean): boolean;
  /** The same for a file inside an installed dependency (path relative to the package root). */
  includesDependencyPath(path: string, isDirectory: boolean): boolean;
}

export interface PackageFilterOptions {
  /** The text of the folder's `.lambdaignore`, if any. */
  readonly lambdaignore?: string;
  /** A TypeScript handler is bundled: sources, tsconfig and node_modules stay out. */
  readonly bundled?: boolean;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function leftOutEverywhere(name: string): boolean {
  return ALWAYS_NAMES.has(name) || ALWAYS_EXTENSIONS.some((e) => name.endsWith(e));
}

function leftOutOfProject(
  path: string,
  name: string,
  isDirectory: boolean,
  bundled: boolean,
): boolean {
  if (leftOutEverywhere(name) || PROJECT_NAMES.has(name)) return true;
  const topLevel = !path.includes('/');
  if (isDirectory)
    return (topLevel && PROJECT_TOP_FOLDERS.has(name)) || (bundled && name === 'node_modules');
  if (PROJECT_NAME_PATTERNS.some((p) => p.test(name))) return true;
  if (topLevel && PROJECT_TOP_FILE_PATTERNS.some((p) => p.test(name))) return true;
  return bundled && TYPESCRIPT_SOURCE.test(name);
}

export function createPackageFilter(options: PackageFilterOptions = {}): PackageFilter {
  const bundled = options.bundled === true;
  const user: Ignore | undefined = options.lambdaignore?.trim()
    ? ignore().add(options.lambdaignore)
    : undefined;
  // The user's rules come last, as in a .gitignore: `!pattern` brings back what a default left out.
  const decide = (path: string, isDirectory: boolean, byDefault: boolean): boolean => {
    if (!user) return byDefault;
    const verdict = user.test(isDirectory ? `${path}/` : path);
    if (verdict.unignored) return true;
    if (verdict.ignored) return false;
    return byDefault;
  };
  return {
    includesProjectPath: (path, isDirectory) =>
      decide(path, isDirectory, !leftOutOfProject(path, baseName(path), isDirectory, bundled)),
    includesDependencyPath: (path, isDirectory) =>
      decide(path, isDirectory, !leftOutEverywhere(baseName(path))),
  };
}
