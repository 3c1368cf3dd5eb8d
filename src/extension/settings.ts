import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { ConnectionSettings } from '../core/connections';
import { defaultLocalHome } from '../core/localHome';

export const SETTINGS_SECTION = 'lambdaLens';

export function readSettings(): ConnectionSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return { localEnabled: config.get<boolean>('local.enabled', true) };
}

/** The local endpoint's home: the setting, else the default the CLI uses too. */
export function localHome(): string {
  const configured = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('local.home', '').trim();
  return configured || defaultLocalHome(process.env, homedir());
}
