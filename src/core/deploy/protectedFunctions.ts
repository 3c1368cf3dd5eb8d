// Functions a deploy must not touch without a modal confirmation: those whose name matches the
// `lambdaLens.protectedFunctions` setting (exact names or `*` wildcards, e.g. "prod-*") and
// those tagged as protected (`protected` or `lambda-lens:protected` set to "true").
export const PROTECTED_TAGS = ['protected', 'lambda-lens:protected'] as const;

/** Why the function is protected, or undefined when it is not. */
export function protectionReason(
  name: string,
  tags: Readonly<Record<string, string>> | undefined,
  patterns: readonly unknown[],
): string | undefined {
  for (const pattern of patterns) {
    if (typeof pattern === 'string' && pattern && wildcard(pattern).test(name))
      return `it matches "${pattern}" in the lambdaLens.protectedFunctions setting`;
  }
  for (const tag of PROTECTED_TAGS) {
    if (tags?.[tag]?.toLowerCase() === 'true') return `it is tagged ${tag}=true`;
  }
  return undefined;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}
