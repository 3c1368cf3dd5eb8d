// What to show of something thrown: an Error's message, or the thrown value as text (a library
// may throw a string or an object; `String` never throws on those, unlike template literals on a
// Symbol).
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
