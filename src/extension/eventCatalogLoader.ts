// The offline event catalog (~50 KB minified) is a bundle of its own, dist/events.js, required the
// first time an event is generated, so that neither activation nor the invoke command parses it.
import type * as Catalog from '../core/events/catalog';
import { lazyBundle } from './lazyBundle';

export const loadEventCatalog = lazyBundle<typeof Catalog>('events.js');

/** The catalog's own errors name what to pass (instanceof does not cross bundles). */
export function isCatalogError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'EventCatalogError';
}
