// Runs inside the real extension host (as an extensionTestsPath module): how long until a region's
// first page is in the Functions tree and until the whole list is, and the heap the tree holds.
// Prints `BENCH <name> <value>` lines that bench/explorer.bench.mjs reads.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import type { LambdaLensApi } from '../../src/extension/main';
import type { Node } from '../../src/extension/functionsTree';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function regionNode(api: LambdaLensApi, region: string): Promise<Node> {
  const [local] = await api.functionsTree.getChildren();
  for (const node of await api.functionsTree.getChildren(local))
    if (api.functionsTree.getTreeItem(node).label === region) return node;
  throw new Error(`no region ${region}`);
}

/** The floor in this same extension host: the SDK's bare paginator, a fresh client each run. */
async function floor(api: LambdaLensApi, region: string, runs: number): Promise<void> {
  const local = await api.localEndpoint.ensureStarted();
  for (let run = 0; run < runs; run++) {
    const client = new LambdaClient({
      endpoint: local.url,
      region,
      credentials: local.credentials,
    });
    const started = performance.now();
    let firstMs = 0;
    let count = 0;
    for await (const page of paginateListFunctions({ client, pageSize: 50 }, {})) {
      if (count === 0) firstMs = performance.now() - started;
      count += page.Functions?.length ?? 0;
    }
    console.log(
      `FLOOR ${region} first=${firstMs.toFixed(2)} all=${(performance.now() - started).toFixed(2)} count=${count}`,
    );
    client.destroy();
  }
}

async function loadAll(
  api: LambdaLensApi,
  node: Node,
  region: string,
  expected: number,
): Promise<{ firstMs: number; allMs: number; firstCount: number; allCount: number }> {
  api.functionsTree.refresh(node);
  const started = performance.now();
  const complete = new Promise<void>((resolve) => {
    const listener = api.functionsTree.onDidChangeTreeData(() => {
      if (api.functionsTree.loadedFunctions('local', region).length >= expected) {
        listener.dispose();
        resolve();
      }
    });
  });
  const first = await api.functionsTree.getChildren(node);
  const firstMs = performance.now() - started;
  if (api.functionsTree.loadedFunctions('local', region).length < expected) await complete;
  // What VS Code does next: ask for the region's children again and draw every item.
  const all = await api.functionsTree.getChildren(node);
  for (const n of all) api.functionsTree.getTreeItem(n);
  return {
    firstMs,
    allMs: performance.now() - started,
    firstCount: first.length,
    allCount: all.length,
  };
}

async function measure(api: LambdaLensApi, region: string, expected: number): Promise<void> {
  const node = await regionNode(api, region);
  const runs = Number(process.env.BENCH_EXPLORER_RUNS ?? 5);
  await floor(api, region, runs);
  for (let run = 0; run < runs; run++) {
    const r = await loadAll(api, node, region, expected);
    console.log(
      `BENCH ${region} first=${r.firstMs.toFixed(2)} all=${r.allMs.toFixed(2)} firstCount=${r.firstCount} allCount=${r.allCount}`,
    );
  }
  // Memory in a run of its own: forced collections would slow the timed runs.
  api.functionsTree.refresh(node);
  const baseline = heapUsed();
  const r = await loadAll(api, node, region, expected);
  const held = heapUsed() - baseline;
  console.log(
    `HEAP ${region} bytes=${held} functions=${api.functionsTree.loadedFunctions('local', region).length} items=${r.allCount}`,
  );
}

export async function run(): Promise<void> {
  const api = await vscode.extensions
    .getExtension<LambdaLensApi>('lambda-lens.lambda-lens')!
    .activate();
  const regions = (process.env.BENCH_EXPLORER_REGIONS ?? '').split(',').filter(Boolean);
  await vscode.workspace
    .getConfiguration('lambdaLens')
    .update(
      'regions',
      { local: regions.slice(1).map((r) => r.split('=')[0]) },
      vscode.ConfigurationTarget.Global,
    );
  for (const entry of regions) {
    const [region, count] = entry.split('=');
    await measure(api, region!, Number(count));
  }
}
