/** A request the catalog cannot satisfy; the message names what to pass instead. */
export class EventCatalogError extends Error {
  override readonly name = 'EventCatalogError';

  /** The parameter at fault, when there is one, so a form can show the message beside it. */
  constructor(
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}
