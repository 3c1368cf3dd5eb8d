import * as vscode from 'vscode';
import type { ConnectionSettings } from '../core/connections';

export const SETTINGS_SECTION = 'lambdaLens';

export function readSettings(): ConnectionSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return { localEnabled: config.get<boolean>('local.enabled', true) };
}
