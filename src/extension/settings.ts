import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { parseCustomEndpoints, type ConnectionSettings } from '../core/connections';
import { runtimeBinaryArgs } from '../core/interpreterChoice';
import { defaultLocalHome } from '../core/localHome';

export const SETTINGS_SECTION = 'lambdaLens';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION);
}

/** The lambdaLens.local.runtimes setting as `serve` arguments, with entries it could not use. */
export function localRuntimeArgs(): { args: string[]; problems: string[] } {
  return runtimeBinaryArgs(config().get('local.runtimes'));
}

export interface ExplorerSettings extends ConnectionSettings {
  readonly profilesEnabled: boolean;
  /** Settings entries that could not be used, each saying what to fix. */
  readonly problems: readonly string[];
}

function envRegion(): string | undefined {
  return process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined;
}

export function readSettings(): ExplorerSettings {
  const c = config();
  const { endpoints, problems } = parseCustomEndpoints(c.get('endpoints'));
  const regions = c.get<Record<string, unknown>>('regions', {});
  const addedRegions: Record<string, string[]> = {};
  for (const [id, list] of Object.entries(regions ?? {}))
    if (Array.isArray(list))
      addedRegions[id] = list.filter((r): r is string => typeof r === 'string');
  return {
    localEnabled: c.get<boolean>('local.enabled', true),
    profilesEnabled: c.get<boolean>('profiles.enabled', true),
    endpoints,
    addedRegions,
    problems,
    ...(process.env.AWS_ACCESS_KEY_ID
      ? {
          environmentCredentials: {
            ...(envRegion() ? { region: envRegion() } : {}),
            ...(envEndpoint() ? { endpoint: envEndpoint() } : {}),
          },
        }
      : {}),
  };
}

/** Lambda's endpoint from the environment's standard settings (the SDK's own names). */
function envEndpoint(): string | undefined {
  return process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true'
    ? undefined
    : process.env.AWS_ENDPOINT_URL_LAMBDA || process.env.AWS_ENDPOINT_URL || undefined;
}

/** Adds or removes a region under a connection (stored in the user's settings). */
export async function setAddedRegions(
  connectionId: string,
  regions: readonly string[],
): Promise<void> {
  const current = { ...config().get<Record<string, string[]>>('regions', {}) };
  if (regions.length) current[connectionId] = [...regions];
  else delete current[connectionId];
  await config().update('regions', current, vscode.ConfigurationTarget.Global);
}

/** Whether local environments run at Lambda's CPU share for their memory (`lambdaLens.local.cpuShare`). */
export function localCpuShare(): boolean {
  return config().get<boolean>('local.cpuShare', false) === true;
}

/** The local endpoint's home: the setting, else the default the CLI uses too. */
export function localHome(): string {
  const configured = config().get<string>('local.home', '').trim();
  return configured || defaultLocalHome(process.env, homedir());
}

/** Lines a log document keeps (lambdaLens.logs.maxLines), within the bounds the manifest states. */
export function logsMaxLines(): number {
  const value = config().get<number>('logs.maxLines', 20_000);
  return Number.isFinite(value) ? Math.min(1_000_000, Math.max(100, Math.floor(value))) : 20_000;
}
