// The Functions explorer against the local endpoint and against connections that fail, in the
// real extension host. AWS config files come from the test harness (test/vscode/run.mjs).
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import * as vscode from 'vscode';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { activated, localLambda } from './extension';
import { children, connection, item, labels, regionChildren } from './tree';
import type { FunctionNode, Node } from '../../src/extension/functionsTree';

const settings = () => vscode.workspace.getConfiguration('lambdaLens');
const ROLE = 'arn:aws:iam::123456789012:role/x';

async function localClient(): Promise<{ lambda: LambdaClient; url: string }> {
  const { local, lambda } = await localLambda();
  return { lambda, url: local.url };
}

/** A TCP relay to the local endpoint that holds every connection until `release()`: a slow first page. */
async function heldRelay(
  port: number,
): Promise<{ url: string; connections: () => number; release(): void; close(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((client) => {
    count += 1;
    sockets.add(client);
    client.pause();
    void released.then(() => {
      const upstream = createConnection(port, '127.0.0.1');
      sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      client.resume();
      for (const s of [client, upstream])
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${own}`,
    connections: () => count,
    release,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function createFunctions(names: string[]): Promise<void> {
  const { lambda } = await localClient();
  const zip = zipSync({ 'index.js': new TextEncoder().encode('exports.handler = async () => 1;') });
  for (let i = 0; i < names.length; i += 10) {
    await Promise.all(
      names.slice(i, i + 10).map((name) =>
        lambda
          .send(
            new CreateFunctionCommand({
              FunctionName: name,
              Role: ROLE,
              Runtime: 'nodejs20.x',
              Handler: 'index.handler',
              Code: { ZipFile: zip },
              MemorySize: 128,
            }),
          )
          .catch((e: Error) => {
            if (e.name !== 'ResourceConflictException') throw e;
          }),
      ),
    );
  }
  lambda.destroy();
}

describe('Functions explorer', () => {
  before(async function () {
    this.timeout(120_000);
    await createFunctions(
      Array.from({ length: 120 }, (_, i) => `explorer-${String(i).padStart(3, '0')}`),
    );
  });

  after(async () => {
    await settings().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('regions', undefined, vscode.ConfigurationTarget.Global);
    (await activated()).functionsTree.setFilter('');
  });

  it('shows Local, then one connection per AWS profile from the config files', async () => {
    const api = await activated();
    api.functionsTree.refresh();
    await children();
    const deadline = Date.now() + 10_000;
    while ((await labels(await children())).length < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await labels(await children()), [
      'Local',
      'nocreds',
      'sso-expired',
      'wrongkeys',
    ]);
    const sso = await item(await connection('sso-expired'));
    assert.equal(sso.description, 'AWS profile · SSO');
    assert.deepEqual(await labels(await children(await connection('sso-expired'))), ['us-east-2']);
  });

  it('lists every function of a region across pages (120 functions, pages of 50)', async () => {
    const nodes = await regionChildren('Local', 'us-east-1');
    const names = (await labels(nodes)).filter((l) => l.startsWith('explorer-'));
    assert.equal(names.length, 120);
    assert.deepEqual(names, [...names].sort());
    const first = await item(
      nodes.find((n) => (n as FunctionNode).configuration?.FunctionName === 'explorer-000')!,
    );
    assert.equal(first.description, 'nodejs20.x · 128 MB · x86_64');
    assert.match((first.tooltip as vscode.MarkdownString).value, /Handler: index\\\.handler/);
  });

  it('filters by name substring, says so in the view, and clears', async () => {
    const api = await activated();
    api.ui.input = async () => 'explorer-11';
    await vscode.commands.executeCommand('lambdaLens.filter');
    assert.equal(api.functionsView.description, 'filter: explorer-11');
    assert.deepEqual(
      await labels(await regionChildren('Local', 'us-east-1', { refresh: false })),
      Array.from({ length: 10 }, (_, i) => `explorer-11${i}`),
    );
    api.ui.input = async () => 'no-such-function';
    await vscode.commands.executeCommand('lambdaLens.filter');
    assert.deepEqual(await labels(await regionChildren('Local', 'us-east-1', { refresh: false })), [
      'No functions match "no-such-function"',
    ]);
    await vscode.commands.executeCommand('lambdaLens.clearFilter');
    assert.equal(api.functionsView.description, undefined);
  });

  it('refreshes after a delete made from the tree (with the modal confirmation answered)', async () => {
    const api = await activated();
    const node = (await regionChildren('Local', 'us-east-1')).find(
      (n) => (n as FunctionNode).configuration?.FunctionName === 'explorer-007',
    ) as FunctionNode;
    let asked = '';
    api.ui.confirm = async (message, detail) => {
      asked = `${message} ${detail}`;
      return true;
    };
    await vscode.commands.executeCommand('lambdaLens.deleteFunction', node);
    assert.match(asked, /Delete the function "explorer-007"\? Local, region us-east-1/);
    const names = await labels(await regionChildren('Local', 'us-east-1', { refresh: false }));
    assert.ok(!names.includes('explorer-007'));
    assert.equal(names.filter((l) => l.startsWith('explorer-')).length, 119);
  });

  it('does nothing when the delete is not confirmed', async () => {
    const api = await activated();
    const node = (await regionChildren('Local', 'us-east-1')).find(
      (n) => (n as FunctionNode).configuration?.FunctionName === 'explorer-008',
    ) as FunctionNode;
    api.ui.confirm = async () => false;
    await vscode.commands.executeCommand('lambdaLens.deleteFunction', node);
    assert.ok((await labels(await regionChildren('Local', 'us-east-1'))).includes('explorer-008'));
  });

  it("opens a function's configuration as read-only JSON", async () => {
    const node = (await regionChildren('Local', 'us-east-1')).find(
      (n) => (n as FunctionNode).configuration?.FunctionName === 'explorer-001',
    ) as FunctionNode;
    await vscode.commands.executeCommand('lambdaLens.openConfiguration', node);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.scheme, 'lambda-lens');
    assert.equal(editor.document.languageId, 'json');
    assert.equal(JSON.parse(editor.document.getText()).FunctionName, 'explorer-001');
  });

  it('shows error nodes that say what to do, while the other connections still list', async () => {
    const { url } = await localClient();
    await settings().update(
      'endpoints',
      [
        {
          name: 'unreachable',
          url: 'http://127.0.0.1:9',
          region: 'us-east-1',
          profile: 'wrongkeys',
        },
        { name: 'bad-keys', url, region: 'us-east-1', profile: 'wrongkeys' },
        { name: 'broken', region: 'us-east-1' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    (await activated()).functionsTree.refresh();
    const roots = await labels(await children());
    assert.ok(roots.includes('unreachable') && roots.includes('bad-keys'));
    assert.ok(
      roots.includes(
        'lambdaLens.endpoints[2] ("broken") needs a "url" starting with http:// or https://',
      ),
    );
    const [unreachable] = await labels(await regionChildren('unreachable', 'us-east-1'));
    assert.match(unreachable!, /^Cannot reach http:\/\/127\.0\.0\.1:9/);
    const [badKeys] = await labels(await regionChildren('bad-keys', 'us-east-1'));
    assert.match(badKeys!, /rejected the credentials in us-east-1 \(UnrecognizedClientException\)/);
    assert.doesNotMatch(badKeys!, /LLIAWRONG|wrong-secret/, 'no credential in the message');
    const [noCreds] = await labels(await regionChildren('nocreds', 'eu-west-1'));
    assert.match(noCreds!, /No credentials for profile "nocreds"/);
    const ssoNodes = await regionChildren('sso-expired', 'us-east-2');
    const sso = await item(ssoNodes[0]!);
    assert.match(String(sso.label), /SSO session of profile "sso-expired" has expired/);
    assert.deepEqual(sso.command?.arguments, ['aws sso login --profile sso-expired']);
    const local = await labels(await regionChildren('Local', 'us-east-1'));
    assert.ok(local.includes('explorer-000'), 'Local still lists');
  });

  it("a Refresh that lands before a region's first page still answers the view (with the fresh listing)", async function () {
    this.timeout(60_000);
    const api = await activated();
    const local = await api.localEndpoint.ensureStarted();
    const relay = await heldRelay(Number(new URL(local.url).port));
    // The local endpoint's keys under a profile of their own, for an endpoint reached through the relay.
    const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE!;
    const credentials = readFileSync(credentialsFile, 'utf8');
    writeFileSync(
      credentialsFile,
      `${credentials}\n[relay-keys]\naws_access_key_id = ${local.credentials.accessKeyId}\naws_secret_access_key = ${local.credentials.secretAccessKey}\n`,
    );
    try {
      await settings().update(
        'endpoints',
        [{ name: 'held', url: relay.url, region: 'us-east-1', profile: 'relay-keys' }],
        vscode.ConfigurationTarget.Global,
      );
      api.functionsTree.refresh();
      for (
        const deadline = Date.now() + 10_000;
        !(await labels(await children())).includes('relay-keys');
      ) {
        if (Date.now() > deadline) assert.fail('the profile written for the relay was never read');
        await new Promise((r) => setTimeout(r, 50));
      }
      const [region] = await children(await connection('held'));
      const pending = api.functionsTree.getChildren(region as Node);
      let early: Node[] | undefined;
      void pending.then((nodes) => {
        early = nodes;
      });
      for (const deadline = Date.now() + 10_000; relay.connections() === 0;) {
        if (early)
          assert.fail(
            `the listing answered without reaching the relay: ${JSON.stringify(await labels(early))}`,
          );
        if (Date.now() > deadline) assert.fail('the listing never reached the relay');
        await new Promise((r) => setTimeout(r, 20));
      }
      api.functionsTree.refresh(region as Node);
      relay.release();
      const settled = await Promise.race([
        pending,
        new Promise<'unsettled'>((r) => setTimeout(() => r('unsettled'), 15_000)),
      ]);
      assert.notEqual(
        settled,
        'unsettled',
        'getChildren never settled after a Refresh that landed before the first page',
      );
      assert.ok(
        (await labels(settled as Node[])).includes('explorer-000'),
        'it answers with the listing made after the Refresh',
      );
    } finally {
      writeFileSync(credentialsFile, credentials);
      await settings().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
      api.functionsTree.refresh();
      await relay.close();
    }
  });

  it('never writes a credential to the output channel, the tree or the settings', async function () {
    this.timeout(30_000);
    const api = await activated();
    const local = await api.localEndpoint.ensureStarted();
    const secrets = [
      'LLIAWRONGWRONGWRONG0',
      'wrong-secret',
      local.credentials.accessKeyId,
      local.credentials.secretAccessKey,
    ];
    // The failing connections of the test above have logged their errors; wait until the log file has them.
    const logText = async () => {
      const texts: string[] = [];
      const walk = async (folder: vscode.Uri): Promise<void> => {
        for (const [name, type] of await vscode.workspace.fs.readDirectory(folder).then(
          (e) => e,
          () => [] as [string, vscode.FileType][],
        )) {
          const uri = vscode.Uri.joinPath(folder, name);
          if (type === vscode.FileType.Directory) await walk(uri);
          else texts.push(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
        }
      };
      await walk(api.logFolder);
      return texts.join('\n');
    };
    let logged = await logText();
    for (
      const deadline = Date.now() + 15_000;
      !/bad-keys \/ us-east-1: .*rejected the credentials/.test(logged);
      logged = await logText()
    ) {
      if (Date.now() > deadline)
        assert.fail(
          `the output channel's log never showed the bad-keys error; it has:\n${logged.slice(-2000)}`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(logged, /Local endpoint listening at|Using the local endpoint already running/);
    const treeText: string[] = [];
    for (const root of await children()) {
      const rootItem = await item(root);
      treeText.push(
        String(rootItem.label),
        String(rootItem.description ?? ''),
        JSON.stringify(rootItem.tooltip ?? ''),
      );
      for (const region of await children(root).catch(() => [])) {
        for (const node of await children(region).catch(() => [])) {
          const nodeItem = await item(node);
          treeText.push(
            String(nodeItem.label),
            String(nodeItem.description ?? ''),
            JSON.stringify(nodeItem.tooltip ?? ''),
            JSON.stringify(nodeItem.command ?? ''),
          );
        }
      }
    }
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration('lambdaLens'));
    for (const secret of secrets) {
      assert.ok(
        !logged.includes(secret),
        `the output channel's log holds a credential (${secret.slice(0, 4)}…)`,
      );
      assert.ok(
        !treeText.join('\n').includes(secret),
        `the tree shows a credential (${secret.slice(0, 4)}…)`,
      );
      assert.ok(
        !settingsText.includes(secret),
        `the settings hold a credential (${secret.slice(0, 4)}…)`,
      );
    }
  });

  it('Select Profile changes the connection and region deploy and invoke use (shown in the status bar)', async () => {
    const api = await activated();
    assert.deepEqual(
      [api.activeConnection.current()?.connection.label, api.activeConnection.current()?.region],
      ['Local', 'us-east-1'],
    );
    api.ui.pick = async (items) => (items.includes('nocreds') ? 'nocreds' : items[0]);
    await vscode.commands.executeCommand('lambdaLens.selectProfile');
    try {
      assert.deepEqual(
        [api.activeConnection.current()?.connection.label, api.activeConnection.current()?.region],
        ['nocreds', 'eu-west-1'],
      );
    } finally {
      await settings().update('activeConnection', undefined, vscode.ConfigurationTarget.Global);
      await settings().update('activeRegion', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('adds and removes a region under a connection', async () => {
    const api = await activated();
    api.ui.pick = async (items) => (items.includes('eu-west-1') ? 'eu-west-1' : undefined);
    await vscode.commands.executeCommand('lambdaLens.addRegion', await connection('Local'));
    const regions = await children(await connection('Local'));
    assert.deepEqual(await labels(regions), ['us-east-1', 'eu-west-1']);
    assert.deepEqual(
      await labels(await regionChildren('Local', 'eu-west-1')),
      ['No functions yet', 'Deploy…', 'Invoke a sample function'],
      'each region keeps its own functions',
    );
    assert.equal((await item(regions[1]!)).contextValue, 'region.added');
    await vscode.commands.executeCommand('lambdaLens.removeRegion', regions[1]);
    assert.deepEqual(await labels(await children(await connection('Local'))), ['us-east-1']);
  });
});
