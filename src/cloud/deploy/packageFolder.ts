// A folder → the deployment package: list the files the rules admit (the project's, then the
// production dependencies'), check the unzipped limit from sizes alone, and, only when the
// change check needs the bytes, bundle TypeScript and write the deterministic zip.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createPackageFilter, LAMBDAIGNORE_FILE } from '../../core/deploy/packagingRules';
import { checkUnzippedSize, checkZippedSize, formatBytes } from '../../core/deploy/packageLimits';
import { compareZipPaths, zipEntryMode } from '../../core/deploy/zipRules';
import type { DeployProgress } from '../../core/deploy/deployOutcome';
import { runtimeInfo } from '../../core/runtimes';
import { BUNDLE_FORMAT, bundleTypeScript, typeScriptEntry } from './bundleTypeScript';
import { writeDeterministicZip, type ZipSource } from './deterministicZip';
import { productionDependencies } from './nodeDependencies';
import {
  defaultCacheDir,
  fingerprintOf,
  isRacy,
  lookupPackage,
  rememberPackage,
} from './packageCache';
import { describeFileError, PackagingError } from './packagingError';
import { walkFolder, type FoundFile } from './walkFolder';

export interface PackageRequest {
  /** The function's code folder (absolute). Never written to. */
  readonly folder: string;
  readonly handler?: string;
  readonly runtime?: string;
  /** Where unchanged-package fingerprints are kept; false turns the cache off. Default ~/.cache/lambda-lens/deploy. */
  readonly cacheDir?: string | false;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DeployProgress) => void;
}

export interface BuiltPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip (Lambda's CodeSha256). */
  readonly sha256: string;
  readonly zipBytes: number;
  readonly unzippedBytes: number;
  readonly files: number;
}

export interface PreparedPackage {
  readonly folder: string;
  /** Files found, by zip path (the TypeScript bundle not included). */
  readonly files: readonly FoundFile[];
  readonly unzippedBytes: number;
  /** The TypeScript file bundled into the handler's .js, if any. */
  readonly typeScriptEntry?: string;
  /** Things worth telling the user that do not stop the deploy (a dependency not installed). */
  readonly warnings: readonly string[];
  /** The zip's CodeSha256 when these exact files were zipped before (nothing read yet). */
  readonly knownSha256?: string;
  build(): Promise<BuiltPackage>;
}

const NODE_MODULES = new Set(['node_modules']);

export async function preparePackage(request: PackageRequest): Promise<PreparedPackage> {
  const { folder, signal } = request;
  const report = request.onProgress ?? (() => {});
  const info = await stat(folder).catch((error: unknown) => {
    throw describeFileError(error, folder);
  });
  if (!info.isDirectory())
    throw new PackagingError(
      `${folder} is not a folder. Deploy the folder that holds the handler.`,
    );
  report({ stage: 'reading', message: `Reading ${folder}` });
  const listedAt = Date.now();
  const lambdaignore = await readFile(join(folder, LAMBDAIGNORE_FILE), 'utf8').catch(
    () => undefined,
  );
  const entry = typeScriptEntry(folder, request.handler, request.runtime);
  const filter = createPackageFilter({
    ...(lambdaignore !== undefined ? { lambdaignore } : {}),
    bundled: entry !== undefined,
  });
  const files: FoundFile[] = [];
  const warnings: string[] = [];
  await walkFolder(
    folder,
    {
      shownRoot: '.',
      zipPrefix: '',
      includes: filter.includesProjectPath,
      skipFolderNames: NODE_MODULES,
      ...(signal ? { signal } : {}),
    },
    files,
  );
  const family = request.runtime ? runtimeInfo(request.runtime)?.family : undefined;
  if (!entry && (family === undefined || family === 'nodejs')) {
    const closure = await productionDependencies(folder);
    if (closure.missing.length) {
      warnings.push(
        `package.json lists ${closure.missing.join(', ')} but ${closure.missing.length === 1 ? 'it is' : 'they are'} not installed: run \`npm install --omit=dev\` in the folder, or the function may fail to load.`,
      );
    }
    for (const pkg of closure.packages) {
      await walkFolder(
        pkg.directory,
        {
          shownRoot: pkg.zipPath,
          zipPrefix: `${pkg.zipPath}/`,
          includes: filter.includesDependencyPath,
          skipFolderNames: NODE_MODULES,
          ...(signal ? { signal } : {}),
        },
        files,
      );
    }
  }
  files.sort((a, b) => compareZipPaths(a.path, b.path));
  const unzippedBytes = files.reduce((sum, f) => sum + f.size, 0);
  const tooLarge = checkUnzippedSize(files);
  if (tooLarge) throw new PackagingError(tooLarge);
  if (files.length === 0 && !entry)
    throw new PackagingError(
      `Nothing to deploy in ${folder}: every file is left out by the ignore rules or the folder is empty.`,
    );
  report({
    stage: 'reading',
    message: `${files.length} files, ${formatBytes(unzippedBytes)}`,
    files: files.length,
    bytes: unzippedBytes,
  });

  const options = `${request.handler ?? ''}|${request.runtime ?? ''}|${entry ? `${entry}|${BUNDLE_FORMAT}` : ''}`;
  const fingerprint = fingerprintOf(files, options);
  const cacheDir = request.cacheDir === false ? undefined : (request.cacheDir ?? defaultCacheDir());
  const cached = cacheDir ? await lookupPackage(cacheDir, folder, options, fingerprint) : undefined;

  let built: Promise<BuiltPackage> | undefined;
  const build = async (): Promise<BuiltPackage> => {
    const sources: ZipSource[] = files.map((f) => ({
      path: f.path,
      mode: zipEntryMode(f.path, f.mode),
      content: { file: f.absolutePath },
    }));
    let inputs: string[] = [];
    if (entry) {
      report({ stage: 'bundling', message: `Bundling ${entry} with esbuild` });
      const bundle = await bundleTypeScript(folder, entry, request.runtime);
      inputs = bundle.inputs;
      const at = sources.findIndex((s) => compareZipPaths(s.path, bundle.path) >= 0);
      const source = { path: bundle.path, mode: 0o644, content: bundle.content };
      if (at >= 0 && sources[at]!.path === bundle.path) sources[at] = source;
      else sources.splice(at < 0 ? sources.length : at, 0, source);
    }
    signal?.throwIfAborted();
    let lastReport = 0;
    const zipped = await writeDeterministicZip(sources, {
      ...(signal ? { signal } : {}),
      sizeHint: unzippedBytes,
      readError: (error, path) => describeFileError(error, path),
      onEntry(done, total, bytes) {
        const now = Date.now();
        if (now - lastReport < 100 && done < total) return;
        lastReport = now;
        report({
          stage: 'zipping',
          message: `Zipping ${done}/${total} files`,
          files: done,
          bytes,
          totalBytes: unzippedBytes,
        });
      },
    });
    const sized = [
      ...files,
      ...sources.flatMap((s) =>
        s.content instanceof Uint8Array ? [{ path: s.path, size: s.content.length }] : [],
      ),
    ];
    const over = checkZippedSize(zipped.zip.length, sized);
    if (over) throw new PackagingError(over);
    const result: BuiltPackage = {
      zip: zipped.zip,
      sha256: zipped.sha256,
      zipBytes: zipped.zip.length,
      unzippedBytes: zipped.unzippedBytes,
      files: zipped.entries,
    };
    if (cacheDir && !isRacy(files, listedAt)) {
      await rememberPackage(
        cacheDir,
        folder,
        options,
        fingerprint,
        { sha256: result.sha256, zipBytes: result.zipBytes, unzippedBytes: result.unzippedBytes },
        inputs,
        listedAt,
      );
    }
    return result;
  };
  return {
    folder,
    files,
    unzippedBytes,
    warnings,
    ...(entry ? { typeScriptEntry: entry } : {}),
    ...(cached ? { knownSha256: cached.sha256 } : {}),
    build: () => (built ??= build()),
  };
}
