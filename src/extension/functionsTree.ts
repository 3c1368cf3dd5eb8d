import * as vscode from 'vscode';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { describeConnections, type ConnectionDescriptor } from '../core/connections';
import { loadCloud } from './cloudLoader';
import type { LocalEndpointProcess } from './localEndpoint';
import { readSettings } from './settings';

export type Node = ConnectionNode | FunctionNode | MessageNode;

export class ConnectionNode extends vscode.TreeItem {
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

export class FunctionNode extends vscode.TreeItem {
  constructor(readonly connectionId: string, readonly configuration: FunctionConfiguration) {
    super(configuration.FunctionName ?? '(unnamed)', vscode.TreeItemCollapsibleState.None);
    this.id = `function:${connectionId}:${configuration.FunctionArn ?? configuration.FunctionName}`;
    this.description = [configuration.Runtime, configuration.MemorySize ? `${configuration.MemorySize} MB` : undefined, configuration.Architectures?.[0]]
      .filter(Boolean).join(' · ');
    this.tooltip = configuration.FunctionArn;
    this.contextValue = 'function';
    this.iconPath = new vscode.ThemeIcon('symbol-function');
  }
}

/** A line that explains a state (loading, empty, failed) and, where there is one, offers the fix. */
export class MessageNode extends vscode.TreeItem {
  constructor(id: string, label: string, options: { icon?: string; tooltip?: string; command?: vscode.Command } = {}) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = id;
    this.iconPath = new vscode.ThemeIcon(options.icon ?? 'info');
    if (options.tooltip) this.tooltip = options.tooltip;
    if (options.command) this.command = options.command;
    this.contextValue = 'message';
  }
}

interface Listing {
  functions: FunctionConfiguration[];
  complete: boolean;
  error?: string;
}

/** The Functions view: connections, then their functions, streamed page by page as they arrive. */
export class FunctionsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listings = new Map<string, Listing>();
  private readonly connectionNodes = new Map<string, ConnectionNode>();

  constructor(private readonly local: LocalEndpointProcess, private readonly output: vscode.LogOutputChannel) {}

  refresh(node?: Node): void {
    if (node instanceof ConnectionNode) this.listings.delete(node.connection.id);
    else if (!node) this.listings.clear();
    this.changed.fire(node);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const nodes = describeConnections(readSettings()).map((c) => new ConnectionNode(c));
      for (const n of nodes) this.connectionNodes.set(n.connection.id, n);
      return nodes;
    }
    if (!(node instanceof ConnectionNode)) return [];
    const id = node.connection.id;
    let listing = this.listings.get(id);
    if (!listing) {
      listing = { functions: [], complete: false };
      this.listings.set(id, listing);
      await this.load(node, listing);
    }
    return this.render(id, listing);
  }

  private render(connectionId: string, listing: Listing): Node[] {
    const nodes: Node[] = listing.functions.map((f) => new FunctionNode(connectionId, f));
    if (listing.error) {
      nodes.push(new MessageNode(`${connectionId}:error`, listing.error, {
        icon: 'error',
        tooltip: listing.error,
        command: { command: 'lambdaLens.refresh', title: 'Retry', arguments: [this.connectionNodes.get(connectionId)] },
      }));
    } else if (!listing.complete) {
      nodes.push(new MessageNode(`${connectionId}:loading`, 'Loading more functions…', { icon: 'loading~spin' }));
    } else if (listing.functions.length === 0) {
      nodes.push(new MessageNode(`${connectionId}:empty`, 'No functions yet', { tooltip: 'Deploy a folder to create one.' }));
    }
    return nodes;
  }

  /** Resolves with the first page; later pages redraw the connection as they arrive. */
  private load(node: ConnectionNode, listing: Listing): Promise<void> {
    return new Promise<void>((firstPage) => {
      const run = async () => {
        try {
          const connection = await this.local.ensureStarted();
          const cloud = loadCloud();
          const client = cloud.createLambdaClient({ endpoint: connection.url, region: connection.region, credentials: connection.credentials });
          let first = true;
          for await (const page of cloud.listFunctionPages(client)) {
            if (this.listings.get(node.connection.id) !== listing) return; // refreshed meanwhile
            listing.functions.push(...page.functions);
            listing.complete = !page.more;
            if (first) firstPage();
            else this.changed.fire(node);
            first = false;
          }
          listing.complete = true;
        } catch (error) {
          listing.error = `Could not reach the local endpoint: ${error instanceof Error ? error.message : String(error)} (click to retry)`;
          this.output.error(listing.error);
        }
        firstPage();
        this.changed.fire(node);
      };
      void run();
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
