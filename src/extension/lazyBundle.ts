// The extension ships as several bundles (esbuild.mjs): dist/extension.js is loaded at activation,
// the others only when something first needs them, so that activation never compiles their code.
import { join } from 'node:path';

/** A function that requires dist/<file> on its first call and returns the same module after. */
export function lazyBundle<T>(file: string): () => T {
  let loaded: T | undefined;
  // A computed path keeps esbuild from inlining the bundle into the one that requires it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return () => (loaded ??= require(join(__dirname, file)) as T);
}
