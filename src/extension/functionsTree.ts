// The Functions view: connection → region → function. Each region lists its functions page by
// page as they arrive (the first page draws at once), regions load in parallel, one failing
// region shows an error node that says what to do while the others still list, and results are
// cached until Refresh or a change made from here. A name filter narrows every region.
import * as vscode from 'vscode';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { ConnectionDescriptor } from '../core/connections';
import { describeConnectionError, type ConnectionProblem } from '../core/connectionErrors';
import { loadCloud } from './cloudLoader';
import type { Connections } from './connections';
import { functionUrlNodes, type FunctionUrlNode } from './functionUrlNodes';
import {
  DetailGroupNode,
  detailChildren,
  detailGroups,
  type DetailNode,
  type EnvironmentVariableNode,
} from './functionDetails';
import { readSettings } from './settings';
import { SAMPLE_FUNCTION_NAME } from './sampleFunction';

export type Node =
  ConnectionNode | RegionNode | FunctionNode | MessageNode | DetailNode | FunctionUrlNode;

export class ConnectionNode extends vscode.TreeItem {
  constructor(readonly connection: ConnectionDescriptor) {
    super(connection.label, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `connection:${connection.id}`;
    this.description = connection.description;
    this.tooltip = connection.tooltip;
    // Without this, screen readers would read the tooltip instead of the name.
    this.accessibilityInformation = {
      label: `${connection.label} connection, ${connection.description}`,
      role: 'treeitem',
    };
    this.contextValue = `connection.${connection.kind}`;
    this.iconPath = new vscode.ThemeIcon(
      connection.kind === 'local' ? 'vm' : connection.kind === 'endpoint' ? 'plug' : 'cloud',
    );
  }
}

export class RegionNode extends vscode.TreeItem {
  constructor(
    readonly connection: ConnectionDescriptor,
    readonly region: string,
    added: boolean,
  ) {
    super(region, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `region:${connection.id}:${region}`;
    this.contextValue = added ? 'region.added' : 'region';
    this.iconPath = new vscode.ThemeIcon('globe');
  }
}

export class FunctionNode extends vscode.TreeItem {
  constructor(
    readonly connection: ConnectionDescriptor,
    readonly region: string,
    readonly configuration: FunctionConfiguration,
  ) {
    super(configuration.FunctionName ?? '(unnamed)', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `function:${connection.id}:${region}:${configuration.FunctionName}`;
    const state =
      configuration.State && configuration.State !== 'Active' ? configuration.State : undefined;
    this.description = [
      configuration.Runtime,
      configuration.MemorySize ? `${configuration.MemorySize} MB` : undefined,
      configuration.Architectures?.[0],
      state,
    ]
      .filter(Boolean)
      .join(' · ');
    // Functions of the local endpoint can also be debugged ("Debug Locally…").
    this.contextValue = connection.kind === 'local' ? 'function.local' : 'function';
    this.iconPath = new vscode.ThemeIcon(runtimeIcon(configuration.Runtime));
  }

  /** The hover's details, built when VS Code asks (resolveTreeItem), not for each of thousands of items. */
  resolveTooltip(): vscode.MarkdownString {
    const configuration = this.configuration;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMarkdown(configuration.FunctionName ?? '')}**\n\n`);
    for (const [label, value] of [
      ['Runtime', configuration.Runtime],
      ['Handler', configuration.Handler],
      ['Memory', configuration.MemorySize && `${configuration.MemorySize} MB`],
      ['Timeout', configuration.Timeout && `${configuration.Timeout} s`],
      ['Architecture', configuration.Architectures?.[0]],
      [
        'Code size',
        configuration.CodeSize !== undefined && `${(configuration.CodeSize / 1024).toFixed(1)} KB`,
      ],
      ['Last modified', configuration.LastModified],
      ['State', configuration.State],
      ['ARN', configuration.FunctionArn],
    ] as const) {
      if (value) tooltip.appendMarkdown(`${label}: ${escapeMarkdown(String(value))}  \n`);
    }
    return tooltip;
  }
}

/** A line that explains a state (loading, empty, failed) and, where there is one, offers the fix. */
export class MessageNode extends vscode.TreeItem {
  constructor(
    id: string,
    label: string,
    options: {
      icon?: string;
      tooltip?: string;
      command?: vscode.Command;
      contextValue?: string;
    } = {},
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = id;
    this.iconPath = new vscode.ThemeIcon(options.icon ?? 'info');
    this.tooltip = options.tooltip ?? label;
    if (options.command) this.command = options.command;
    this.contextValue = options.contextValue ?? 'message';
  }
}

/** An empty region says so, and offers the first steps: deploy, and (on the local endpoint) a sample to invoke. */
function emptyRegion(key: string, connection: ConnectionDescriptor): MessageNode[] {
  const nodes = [
    new MessageNode(`${key}:empty`, 'No functions yet', {
      tooltip: 'Deploy a folder or a handler to create one.',
    }),
    new MessageNode(`${key}:deploy`, 'Deploy…', {
      icon: 'cloud-upload',
      tooltip: "Deploy a folder, a handler file or a template's functions",
      contextValue: 'message.deploy',
      command: { command: 'lambdaLens.deploy', title: 'Deploy…' },
    }),
  ];
  if (connection.kind === 'local') {
    nodes.push(
      new MessageNode(`${key}:sample`, 'Invoke a sample function', {
        icon: 'play',
        tooltip: `Deploys a small Node.js handler (${SAMPLE_FUNCTION_NAME}) to the local endpoint and invokes it`,
        contextValue: 'message.sample',
        command: { command: 'lambdaLens.invokeSample', title: 'Invoke a Sample Function' },
      }),
    );
  }
  return nodes;
}

function runtimeIcon(runtime: string | undefined): string {
  if (runtime?.startsWith('nodejs')) return 'symbol-event';
  if (runtime?.startsWith('python')) return 'symbol-namespace';
  if (runtime?.startsWith('provided')) return 'terminal';
  return 'symbol-function';
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

interface Listing {
  functions: FunctionConfiguration[];
  complete: boolean;
  problem?: ConnectionProblem;
  /** Settles with the first page, a failure, or a Refresh that replaced this listing. */
  firstPage?: Promise<void>;
}

export class FunctionsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly filterChanged = new vscode.EventEmitter<string>();
  readonly onDidChangeFilter = this.filterChanged.event;
  private readonly listings = new Map<string, Listing>();
  private readonly regionNodes = new Map<string, RegionNode>();
  private filterText = '';
  /** Environment variables whose values the user chose to see (until the next refresh). */
  private readonly revealed = new Set<string>();

  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly connections: Connections,
    private readonly output: vscode.LogOutputChannel,
  ) {
    // New profiles change the top level.
    this.subscriptions = [connections.onDidChange(() => this.changed.fire(undefined))];
  }

  private readonly environmentGroups = new Map<string, DetailGroupNode>();

  /** Shows or hides one environment variable's value. */
  toggleVariable(variable: EnvironmentVariableNode): void {
    const groupId = `environment:${variable.fn.connection.id}:${variable.fn.region}:${variable.fn.configuration.FunctionName}`;
    const id = `${groupId}:${variable.key}`;
    if (!this.revealed.delete(id)) this.revealed.add(id);
    this.changed.fire(this.environmentGroups.get(groupId));
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.filterChanged.fire(this.filterText);
    this.changed.fire(undefined);
  }

  /** Forgets cached listings (all, a connection's or a region's) and redraws. */
  refresh(node?: Node): void {
    this.revealed.clear();
    if (!node) {
      this.listings.clear();
      // Profiles are read again; the ones known so far stay shown until then.
      this.connections.reload();
    } else if (node instanceof ConnectionNode) {
      for (const key of [...this.listings.keys()])
        if (key.startsWith(`${node.connection.id}|`)) this.listings.delete(key);
    } else if (node instanceof RegionNode) {
      this.listings.delete(listingKey(node.connection.id, node.region));
    }
    this.changed.fire(
      node instanceof MessageNode || node instanceof FunctionNode ? undefined : node,
    );
  }

  /** Redraws the function's children (its URLs changed); the listings stay. */
  functionChanged(): void {
    this.changed.fire(undefined);
  }

  /** After a change made from here (a delete), drop the region's cache and redraw it. */
  invalidate(connectionId: string, region: string): void {
    this.listings.delete(listingKey(connectionId, region));
    this.changed.fire(this.regionNodes.get(listingKey(connectionId, region)));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  resolveTreeItem(item: vscode.TreeItem, node: Node): vscode.TreeItem {
    if (node instanceof FunctionNode && item.tooltip === undefined)
      item.tooltip = node.resolveTooltip();
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    if (node instanceof ConnectionNode) {
      const added = new Set(readSettings().addedRegions?.[node.connection.id] ?? []);
      return node.connection.regions.map((region, index) => {
        const regionNode = new RegionNode(node.connection, region, index > 0 && added.has(region));
        this.regionNodes.set(listingKey(node.connection.id, region), regionNode);
        return regionNode;
      });
    }
    if (node instanceof RegionNode) return this.regionChildren(node);
    if (node instanceof FunctionNode)
      return [
        ...(await functionUrlNodes(
          node,
          () => this.connections.target(node.connection, node.region),
          this.output,
        )),
        ...detailGroups(node),
      ];
    if (node instanceof DetailGroupNode) {
      if (node.kind === 'environment') this.environmentGroups.set(String(node.id), node);
      return detailChildren(node, (c, r) => this.connections.target(c, r), this.revealed);
    }
    return [];
  }

  /** Every loaded function (for the filter's count and for tests). */
  loadedFunctions(connectionId: string, region: string): readonly FunctionConfiguration[] {
    return this.listings.get(listingKey(connectionId, region))?.functions ?? [];
  }

  /** The names of every function listed so far, in any connection and region (Save Event offers them). */
  listedFunctionNames(): string[] {
    const names = new Set<string>();
    for (const listing of this.listings.values())
      for (const f of listing.functions) if (f.FunctionName) names.add(f.FunctionName);
    return [...names];
  }

  private async roots(): Promise<Node[]> {
    // The first draw waits briefly for the profiles, so the top level does not shift (and
    // collapse what the user just expanded) when they arrive a moment later.
    await this.connections.profilesRead(PROFILES_WAIT_MS);
    const nodes: Node[] = this.connections.all().map((c) => new ConnectionNode(c));
    readSettings().problems.forEach((problem, i) =>
      nodes.push(
        new MessageNode(`settings-problem:${i}`, problem, {
          icon: 'warning',
          command: {
            command: 'workbench.action.openSettings',
            title: 'Open Settings',
            arguments: ['lambdaLens.endpoints'],
          },
        }),
      ),
    );
    return nodes;
  }

  private async regionChildren(node: RegionNode): Promise<Node[]> {
    const key = listingKey(node.connection.id, node.region);
    let listing = this.listings.get(key);
    if (!listing) {
      listing = { functions: [], complete: false };
      this.listings.set(key, listing);
      listing.firstPage = this.load(node, listing);
    }
    await listing.firstPage;
    // A Refresh while this listing waited for its first page replaced it: answer with the new one.
    if (this.listings.get(key) !== listing) return this.regionChildren(node);
    return this.render(node, listing);
  }

  private render(node: RegionNode, listing: Listing): Node[] {
    const key = listingKey(node.connection.id, node.region);
    const filter = this.filterText.toLowerCase();
    const shown = filter
      ? listing.functions.filter((f) => f.FunctionName?.toLowerCase().includes(filter))
      : listing.functions;
    const nodes: Node[] = shown.map((f) => new FunctionNode(node.connection, node.region, f));
    if (listing.problem) {
      const action = listing.problem.action;
      nodes.push(
        new MessageNode(`${key}:error`, listing.problem.message, {
          icon: 'error',
          contextValue: `problem.${action.kind}`,
          command:
            action.kind === 'ssoLogin' || action.kind === 'configure'
              ? { command: 'lambdaLens.fixConnection', title: 'Fix', arguments: [action.command] }
              : { command: 'lambdaLens.refresh', title: 'Retry', arguments: [node] },
        }),
      );
    } else if (!listing.complete) {
      nodes.push(
        new MessageNode(
          `${key}:loading`,
          `Loading more functions… (${listing.functions.length} so far)`,
          { icon: 'loading~spin' },
        ),
      );
    } else if (listing.functions.length === 0) {
      nodes.push(...emptyRegion(key, node.connection));
    } else if (shown.length === 0) {
      nodes.push(
        new MessageNode(`${key}:filtered`, `No functions match "${this.filterText}"`, {
          icon: 'filter',
          command: { command: 'lambdaLens.clearFilter', title: 'Clear Filter' },
        }),
      );
    }
    return nodes;
  }

  /** Resolves with the first page; later pages redraw the region as they arrive. */
  private load(node: RegionNode, listing: Listing): Promise<void> {
    const key = listingKey(node.connection.id, node.region);
    return new Promise<void>((firstPage) => {
      const run = async () => {
        try {
          const cloud = loadCloud();
          const client = await this.connections.lambdaClient(node.connection, node.region);
          let first = true;
          let lastRedraw = performance.now();
          for await (const page of cloud.listFunctionPages(client)) {
            if (this.listings.get(key) !== listing) return firstPage(); // refreshed meanwhile: stop reading
            listing.functions.push(...page.functions);
            listing.complete = !page.more;
            if (first) firstPage();
            // Later pages redraw at most every REDRAW_MS: each redraw re-renders the whole region.
            else if (performance.now() - lastRedraw >= REDRAW_MS) {
              lastRedraw = performance.now();
              this.changed.fire(node);
            }
            first = false;
          }
          listing.complete = true;
        } catch (error) {
          listing.problem = describeConnectionError(error, node.connection, node.region);
          this.output.error(
            `${node.connection.label} / ${node.region}: ${listing.problem.message}`,
          );
        }
        firstPage();
        this.changed.fire(node);
      };
      void run();
    });
  }

  dispose(): void {
    this.changed.dispose();
    this.filterChanged.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

const REDRAW_MS = 250;
const PROFILES_WAIT_MS = 1500;

function listingKey(connectionId: string, region: string): string {
  return `${connectionId}|${region}`;
}
