/** A request the catalog cannot satisfy; the message names what to pass instead. */
export class EventCatalogError extends Error {
  override readonly name = 'EventCatalogError';
}
