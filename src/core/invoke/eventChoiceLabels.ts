// The Invoke picker's labels for remembered events. A remembered event keeps its own name only:
// a label built from an earlier label ("Recent: Sample: S3 Put (used with a)") must not grow a
// second prefix or "(used with …)" each time it is chosen again.

const PREFIX = /^(?:Last used|Recent): /;
const USED_WITH = / \(used with [^()]*\)$/;

/** The event's own name, whatever labels were put around it. */
export function rememberedEventName(label: string): string {
  let name = label.trim();
  for (let changed = true; changed;) {
    const next = name.replace(PREFIX, '').replace(USED_WITH, '');
    changed = next !== name;
    name = next;
  }
  return name || 'event';
}

export function lastUsedLabel(label: string): string {
  return `Last used: ${rememberedEventName(label)}`;
}

export function recentLabel(label: string, functionName: string): string {
  return `Recent: ${rememberedEventName(label)} (used with ${functionName})`;
}
