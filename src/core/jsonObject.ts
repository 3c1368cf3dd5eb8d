// What JSON.parse or a YAML loader gave is an object with fields (not null, not an array): the one
// check every reader of untrusted JSON and templates makes before it reads a field.
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
