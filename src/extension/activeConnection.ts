// The connection and region that commands act on by default (deploy, invoke), shown in the status
// bar; "Select Profile" changes it. Stored in settings so it follows the user across windows.
import * as vscode from 'vscode';
import { LOCAL_CONNECTION_ID, type ConnectionDescriptor } from '../core/connections';
import { SETTINGS_SECTION } from './settings';
import { ui } from './ui';

export interface ActiveConnection {
  readonly connection: ConnectionDescriptor;
  readonly region: string;
}

export class ActiveConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'lambdaLens.activeConnection',
    vscode.StatusBarAlignment.Left,
    50,
  );

  constructor(private readonly connections: () => ConnectionDescriptor[]) {
    this.item.name = 'Lambda connection';
    this.item.command = 'lambdaLens.selectProfile';
    // Drawn right after activation, not during it: reading settings and profiles for a status bar
    // text must not delay the extension host (the tree redraws it again once profiles load).
    setImmediate(() => this.update());
  }

  /** Every connection the explorer shows. */
  all(): ConnectionDescriptor[] {
    return this.connections();
  }

  current(): ActiveConnection | undefined {
    const all = this.connections();
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const id = config.get<string>('activeConnection', LOCAL_CONNECTION_ID);
    const connection = all.find((c) => c.id === id) ?? all[0];
    if (!connection) return undefined;
    const region = config.get<string>('activeRegion', '');
    return {
      connection,
      region: connection.regions.includes(region) ? region : connection.regions[0]!,
    };
  }

  update(): void {
    const active = this.current();
    if (!active) {
      this.item.hide();
      return;
    }
    this.item.text = `$(${active.connection.kind === 'local' ? 'vm' : 'cloud'}) ${active.connection.label} · ${active.region}`;
    this.item.tooltip = `Lambda: deploy and invoke use ${active.connection.label} in ${active.region}. Click to change.`;
    this.item.show();
  }

  /** Asks for a connection, then a region when it has several. */
  async select(): Promise<void> {
    const all = this.connections();
    const label = await ui.pick(
      all.map((c) => c.label),
      { placeHolder: 'Connection (profile) that deploy and invoke use' },
    );
    const connection = all.find((c) => c.label === label);
    if (!connection) return;
    const region =
      connection.regions.length > 1
        ? await ui.pick(connection.regions, { placeHolder: `Region of ${connection.label}` })
        : connection.regions[0];
    if (!region) return;
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    await config.update('activeConnection', connection.id, vscode.ConfigurationTarget.Global);
    await config.update('activeRegion', region, vscode.ConfigurationTarget.Global);
    this.update();
  }

  dispose(): void {
    this.item.dispose();
  }
}
