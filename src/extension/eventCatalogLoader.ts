// The offline event catalog (~50 KB minified) is a bundle of its own, dist/events.js, required the
// first time an event is generated, so that neither activation nor the invoke command parses it.
import { join } from 'node:path';
import type * as Catalog from '../core/events/catalog';

let catalog: typeof Catalog | undefined;

export function loadEventCatalog(): typeof Catalog {
  // A computed path keeps esbuild from inlining the catalog into the activation bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  catalog ??= require(join(__dirname, 'events.js')) as typeof Catalog;
  return catalog;
}

/** The catalog's own errors name what to pass (instanceof does not cross bundles). */
export function isCatalogError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'EventCatalogError';
}
