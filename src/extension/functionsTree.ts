import * as vscode from 'vscode';
import { describeConnections, type ConnectionDescriptor } from '../core/connections';
import { readSettings } from './settings';

type Node = ConnectionNode;

class ConnectionNode extends vscode.TreeItem {
  constructor(readonly connection: ConnectionDescriptor) {
    super(connection.label, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `connection:${connection.id}`;
    this.description = connection.description;
    this.tooltip = connection.tooltip;
    // Without this, screen readers would read the tooltip instead of the name.
    this.accessibilityInformation = { label: `${connection.label} connection, ${connection.description}`, role: 'treeitem' };
    this.contextValue = `connection.${connection.kind}`;
    this.iconPath = new vscode.ThemeIcon(connection.kind === 'local' ? 'vm' : 'cloud');
  }
}

/** The Functions view: connections at the top level (regions and functions come beneath them). */
export class FunctionsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(node?: Node): void {
    this.changed.fire(node);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return describeConnections(readSettings()).map((c) => new ConnectionNode(c));
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
