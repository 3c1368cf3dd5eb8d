// Reading the Functions tree the way VS Code does: through the provider's getChildren/getTreeItem.
import type * as vscode from 'vscode';
import { activated } from './extension';
import type { Node } from '../../src/extension/functionsTree';

export async function children(node?: Node): Promise<Node[]> {
  const api = await activated();
  return (await api.functionsTree.getChildren(node)) ?? [];
}

/** The item as VS Code shows it, its hover resolved as on a mouse-over. */
export async function item(node: Node): Promise<vscode.TreeItem> {
  const tree = (await activated()).functionsTree;
  return tree.resolveTreeItem(tree.getTreeItem(node), node);
}

export async function labels(nodes: Node[]): Promise<string[]> {
  return Promise.all(nodes.map(async (n) => String((await item(n)).label)));
}

/** The connection node with this label. */
export async function connection(label: string): Promise<Node> {
  for (const node of await children()) if ((await item(node)).label === label) return node;
  throw new Error(`no connection "${label}" in ${JSON.stringify(await labels(await children()))}`);
}

/** A region's children after a fresh listing, waiting until every page has arrived. */
export async function regionChildren(
  connectionLabel: string,
  region: string,
  { refresh = true } = {},
): Promise<Node[]> {
  const api = await activated();
  const regions = await children(await connection(connectionLabel));
  let regionNode: Node | undefined;
  for (const r of regions) if ((await item(r)).label === region) regionNode = r;
  if (!regionNode) throw new Error(`no region ${region} under ${connectionLabel}`);
  if (refresh) api.functionsTree.refresh(regionNode);
  let nodes = await children(regionNode);
  const deadline = Date.now() + 30_000;
  while ((await labels(nodes)).some((l) => l.startsWith('Loading more functions'))) {
    if (Date.now() > deadline) throw new Error('the listing did not complete');
    await new Promise((r) => setTimeout(r, 50));
    nodes = await children(regionNode);
  }
  return nodes;
}
