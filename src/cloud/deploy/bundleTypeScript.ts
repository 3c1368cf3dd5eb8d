// TypeScript handlers are bundled with esbuild into one CommonJS file at the handler's path, so
// `src/index.handler` finds `src/index.js` in the zip. esbuild has a native binary and cannot
// live inside our bundles: we prefer the workspace's own node_modules/esbuild (the version the
// project builds with), else the one next to Lambda Lens (a devDependency in development; the
// packaged extension ships none, and then says to `npm install --save-dev esbuild`).
import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Esbuild from 'esbuild';
import { runtimeInfo } from '../../core/runtimes';
import { PackagingError } from './packagingError';
import { posixRelative } from './walkFolder';

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts'];
/**
 * What the bundle carries besides code, for the package cache's key: an inline source map, whose
 * sources are relative to the bundle (so they name the workspace's .ts files from the bundle's
 * place in the folder, and the same files from its place in any unzipped copy). Without
 * sourcesContent: the workspace has the sources, and the package stays small.
 */
export const BUNDLE_FORMAT = 'inline-source-map';
const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs'];

/** The TypeScript file a handler names, when the folder has it and no JavaScript of the same name. */
export function typeScriptEntry(
  folder: string,
  handler: string | undefined,
  runtime: string | undefined,
): string | undefined {
  if (!handler || (runtime && runtimeInfo(runtime)?.family !== 'nodejs')) return undefined;
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const module = handler.slice(0, dot);
  if (SCRIPT_EXTENSIONS.some((ext) => existsSync(join(folder, module + ext)))) return undefined;
  const found = SOURCE_EXTENSIONS.find((ext) => existsSync(join(folder, module + ext)));
  return found ? module + found : undefined;
}

async function loadEsbuild(folder: string): Promise<typeof Esbuild> {
  try {
    return createRequire(join(folder, 'package.json'))('esbuild') as typeof Esbuild;
  } catch {
    /* not in the workspace: ours below */
  }
  const shipped = shippedEsbuild();
  if (shipped) return shipped;
  try {
    return await import('esbuild');
  } catch {
    throw new PackagingError(
      "Bundling a TypeScript handler needs esbuild. Run `npm install --save-dev esbuild` in the function's folder, or deploy the compiled JavaScript.",
    );
  }
}

/**
 * The esbuild the packaged extension carries beside this bundle (dist/esbuild: its API and this
 * platform's binary, copied by esbuild.mjs --production). Its API reads ESBUILD_BINARY_PATH once,
 * when loaded, so the variable is set for that moment only.
 */
function shippedEsbuild(): typeof Esbuild | undefined {
  const api = join(__dirname, 'esbuild', 'lib', 'main.js');
  const binary = join(__dirname, 'esbuild', 'bin', 'esbuild');
  if (!existsSync(api) || !existsSync(binary)) return undefined;
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    try {
      chmodSync(binary, 0o755);
    } catch {
      return undefined;
    } // an install that lost the mode
  }
  const saved = process.env.ESBUILD_BINARY_PATH;
  process.env.ESBUILD_BINARY_PATH = binary;
  try {
    return createRequire(api)(api) as typeof Esbuild;
  } catch {
    return undefined;
  } finally {
    if (saved === undefined) delete process.env.ESBUILD_BINARY_PATH;
    else process.env.ESBUILD_BINARY_PATH = saved;
  }
}

export interface Bundle {
  /** Path of the bundle inside the zip (the handler's module with .js). */
  readonly path: string;
  readonly content: Uint8Array;
  /** Absolute paths of every file esbuild read (for the change check). */
  readonly inputs: string[];
}

export async function bundleTypeScript(
  folder: string,
  entry: string,
  runtime: string | undefined,
): Promise<Bundle> {
  const esbuild = await loadEsbuild(folder);
  const major = /^nodejs(\d+)/.exec(runtime ?? '')?.[1] ?? '20';
  const outPath = entry.replace(/\.[cm]?ts$/, '.js');
  let result: Esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      absWorkingDir: folder,
      entryPoints: [join(folder, entry)],
      outfile: join(folder, outPath),
      write: false,
      metafile: true,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${major}`,
      legalComments: 'none',
      logLevel: 'silent',
      // Inline, with sources relative to the bundle: they name the .ts files beside it, so a debugger
      // (through its path mapping) and --enable-source-maps point at the workspace's sources. Their
      // text stays out: the files are there, and the package stays small.
      sourcemap: 'inline',
      sourcesContent: false,
    });
  } catch (error) {
    const errors = (error as { errors?: Esbuild.Message[] }).errors;
    const detail = errors?.length
      ? errors
          .slice(0, 5)
          .map(
            (m) =>
              `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ''}${m.text}`,
          )
          .join('\n')
      : (error as Error).message;
    throw new PackagingError(`TypeScript handler ${entry} did not bundle:\n${detail}`);
  }
  const output = result.outputFiles.find((f) => f.path.endsWith('.js'));
  if (!output) throw new PackagingError(`esbuild produced no JavaScript for ${entry}.`);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes(':'))
    .map((p) => join(folder, p));
  return { path: posixRelative(folder, join(folder, outPath)), content: output.contents, inputs };
}
