// Which configuration settings a deploy must change: the wanted settings against those the
// function has now. Only settings the user gave count (an unset memory size leaves the live one).
import type { Architecture } from './functionDefinition';

export interface FunctionSettings {
  readonly handler?: string;
  readonly runtime?: string;
  readonly memorySize?: number;
  readonly timeout?: number;
  readonly role?: string;
  readonly description?: string;
  readonly environment?: Readonly<Record<string, string>>;
}

export type SettingName = keyof FunctionSettings;

/** The settings to send in UpdateFunctionConfiguration, and their names for messages. */
export function configurationChanges(
  wanted: FunctionSettings,
  live: FunctionSettings,
): { changed: SettingName[]; update: FunctionSettings } {
  const changed: SettingName[] = [];
  const update: Record<string, unknown> = {};
  for (const key of [
    'handler',
    'runtime',
    'memorySize',
    'timeout',
    'role',
    'description',
  ] as const) {
    const value = wanted[key];
    if (value !== undefined && value !== live[key]) {
      changed.push(key);
      update[key] = value;
    }
  }
  if (wanted.environment !== undefined && !sameMap(wanted.environment, live.environment ?? {})) {
    changed.push('environment');
    update.environment = wanted.environment;
  }
  return { changed, update: update as FunctionSettings };
}

function sameMap(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

/** The architecture can only change together with the code (UpdateFunctionCode carries it). */
export function architectureChanges(
  wanted: Architecture | undefined,
  live: readonly string[] | undefined,
): boolean {
  return wanted !== undefined && (live?.[0] ?? 'x86_64') !== wanted;
}
