// Runtime identifiers Lambda accepts for zip functions, and how each is run locally.
export type RuntimeFamily = 'nodejs' | 'python' | 'provided' | 'java' | 'dotnet' | 'ruby';

export interface RuntimeInfo {
  readonly id: string;
  readonly family: RuntimeFamily;
  /** True when AWS no longer accepts new functions with it (kept so existing ones still list). */
  readonly deprecated: boolean;
}

const RUNTIMES: readonly RuntimeInfo[] = [
  ...['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'].map((id) => ({
    id,
    family: 'nodejs' as const,
    deprecated: false,
  })),
  ...['nodejs16.x', 'nodejs14.x', 'nodejs12.x'].map((id) => ({
    id,
    family: 'nodejs' as const,
    deprecated: true,
  })),
  ...['python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'].map(
    (id) => ({ id, family: 'python' as const, deprecated: false }),
  ),
  ...['python3.8', 'python3.7'].map((id) => ({ id, family: 'python' as const, deprecated: true })),
  ...['provided.al2023', 'provided.al2'].map((id) => ({
    id,
    family: 'provided' as const,
    deprecated: false,
  })),
  { id: 'provided', family: 'provided', deprecated: true },
  ...['java8.al2', 'java11', 'java17', 'java21', 'java25'].map((id) => ({
    id,
    family: 'java' as const,
    deprecated: false,
  })),
  ...['dotnet8', 'dotnet9', 'dotnet10'].map((id) => ({
    id,
    family: 'dotnet' as const,
    deprecated: false,
  })),
  ...['ruby3.2', 'ruby3.3', 'ruby3.4'].map((id) => ({
    id,
    family: 'ruby' as const,
    deprecated: false,
  })),
];

const BY_ID = new Map(RUNTIMES.map((r) => [r.id, r]));

export function runtimeInfo(id: string): RuntimeInfo | undefined {
  return BY_ID.get(id);
}

/** Runtimes a new function may use, in the order AWS lists them in its error message. */
export function acceptedRuntimes(): string[] {
  return RUNTIMES.filter((r) => !r.deprecated).map((r) => r.id);
}

/** The runtime families the local endpoint runs (src/local/runtime/launch.ts). */
const LOCAL_FAMILIES: ReadonlySet<RuntimeFamily> = new Set(['nodejs', 'python', 'provided']);

export function runsLocally(id: string): boolean {
  const family = runtimeInfo(id)?.family;
  return family !== undefined && LOCAL_FAMILIES.has(family);
}

export interface RuntimeChoice {
  readonly runtime: string;
  readonly label: string;
}

/**
 * The first deploy's runtime list: the detected runtime first; deploying to the local endpoint,
 * the runtimes it cannot run come last and say so (AWS runs them all).
 */
export function runtimeChoices(detected: string | undefined, local: boolean): RuntimeChoice[] {
  const all = [...new Set([...(detected ? [detected] : []), ...acceptedRuntimes()])];
  const choice = (runtime: string) => ({
    runtime,
    label:
      local && !runsLocally(runtime) ? `${runtime} (the local endpoint cannot run it)` : runtime,
  });
  if (!local) return all.map(choice);
  const [first, ...rest] = all;
  const ordered = detected
    ? [first!, ...rest.filter(runsLocally), ...rest.filter((r) => !runsLocally(r))]
    : [...all.filter(runsLocally), ...all.filter((r) => !runsLocally(r))];
  return ordered.map(choice);
}

/** Handler languages the editor watches (for activation and CodeLenses). */
export const HANDLER_LANGUAGES = ['javascript', 'typescript', 'python'] as const;

/**
 * Runtimes SnapStart takes (AWS: Java 11 and later, Python 3.12 and later, .NET 8 and later; the
 * recorded lifecycle covers java11-25, python3.12-3.13, dotnet8 and dotnet10).
 */
export function supportsSnapStart(id: string): boolean {
  const info = runtimeInfo(id);
  if (!info) return false;
  const numbers = /(\d+)(?:\.(\d+))?/.exec(id);
  const major = Number(numbers?.[1] ?? 0);
  const minor = Number(numbers?.[2] ?? 0);
  if (info.family === 'java') return major >= 11;
  if (info.family === 'python') return major === 3 && minor >= 12;
  if (info.family === 'dotnet') return major >= 8;
  return false;
}
