import * as vscode from 'vscode';

/**
 * A tree data provider that stands in for one not loaded yet: VS Code needs a provider when the
 * view is created (at activation), but nothing of the real one until the view asks for its
 * items, so the real provider, and the code behind it, load on that first request.
 */
export class DeferredTreeDataProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private target: vscode.TreeDataProvider<T> | undefined;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => vscode.TreeDataProvider<T>) {}

  /** The real provider, loaded on first use; its changes are passed on to the view. */
  private provider(): vscode.TreeDataProvider<T> {
    if (!this.target) {
      this.target = this.load();
      this.forwarding = this.target.onDidChangeTreeData?.((e) => this.changed.fire(e));
    }
    return this.target;
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.provider().getTreeItem(element);
  }

  getChildren(element?: T): vscode.ProviderResult<T[]> {
    return this.provider().getChildren(element);
  }

  // VS Code decides at createTreeView whether a provider resolves items (tooltips on hover), so
  // the stand-in always offers it and passes items through when the real provider does not.
  resolveTreeItem(
    item: vscode.TreeItem,
    element: T,
    token: vscode.CancellationToken,
  ): vscode.ProviderResult<vscode.TreeItem> {
    const provider = this.provider();
    return provider.resolveTreeItem ? provider.resolveTreeItem(item, element, token) : item;
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
