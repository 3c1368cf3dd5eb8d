// Which log events the local endpoint itself wrote (START, END, REPORT, INIT_START, platform.*
// records), as opposed to lines the function printed. CloudWatch Logs has no field for it, so the
// endpoint carries the mark in the one per-event value it chooses: the FilterLogEvents eventId, a
// decimal string whose last digit is 1 for a platform line and 0 for anything else. A function
// cannot set an eventId, so a REPORT line it prints is never taken for the platform's. Readers
// trust the mark only from the local endpoint (real AWS's eventIds mean nothing of the kind).

/** The eventId for an event the endpoint numbered `base` (digits only). */
export function markedEventId(base: string, writtenByPlatform: boolean): string {
  return `${base}${writtenByPlatform ? '1' : '0'}`;
}

/** Whether the local endpoint marked this event as its own line. */
export function isPlatformEventId(eventId: string | undefined): boolean {
  return eventId !== undefined && eventId.endsWith('1');
}

/**
 * Live Tail has no eventId: the local endpoint marks a sessionUpdate that holds lines it wrote with
 * an event-stream header of this name, whose value lists them by their place in the update's
 * sessionResults ("0,3"). SDKs ignore headers they do not know; real AWS never sends it, so
 * readers trust it only from the local endpoint.
 */
export const LIVE_TAIL_PLATFORM_HEADER = 'lambda-lens-platform-lines';

/** The places a header value lists (none for anything malformed). */
export function platformLinePlaces(header: string | undefined): Set<number> {
  const places = new Set<number>();
  if (!header || !/^\d{1,6}(,\d{1,6})*$/.test(header)) return places;
  for (const n of header.split(',')) places.add(Number(n));
  return places;
}
