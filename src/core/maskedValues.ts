// Environment values are often secrets: shown masked until the user asks for them (a click in the
// explorer, --show-values in the CLI). The mask is the same whatever the value, so it gives away
// not even the length.
export const MASKED_VALUE = '••••••••';

export function maskedVariables(
  variables: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (!variables) return undefined;
  return Object.fromEntries(Object.keys(variables).map((key) => [key, MASKED_VALUE]));
}
