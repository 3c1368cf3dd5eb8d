// Saved events that are symbolic links, in the real extension host: one leading out of the
// workspace folder (to a file of the user's, or under a linked folder) is refused when picked and
// never read or sent; saving over one is refused before anything is written; a link that stays
// inside the workspace is read as any saved event.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';
import { activated, localLambda, useLocalConnection } from './extension';
import { regionChildren } from './tree';
import type { FunctionNode } from '../../src/extension/functionsTree';

const LINKED = 'links-echo';
const UNDER_LINK = 'links-under';
const ROLE = 'arn:aws:iam::123456789012:role/x';
const SECRET = '{ "auths": { "registry": "secret-token" } }\n';

async function node(name: string): Promise<FunctionNode> {
  const found = (await regionChildren('Local', 'us-east-1')).find(
    (n) => (n as FunctionNode).configuration?.FunctionName === name,
  );
  if (!found) throw new Error(`${name} is not listed`);
  return found as FunctionNode;
}

/** Runs `action` with error messages captured rather than shown. */
async function errorsOf<T>(
  action: () => Thenable<T> | Promise<T>,
): Promise<{ result: T; errors: string[] }> {
  const errors: string[] = [];
  const original = vscode.window.showErrorMessage;
  (vscode.window as { showErrorMessage: unknown }).showErrorMessage = async (message: string) => {
    errors.push(message);
    return undefined;
  };
  try {
    return { result: await action(), errors };
  } finally {
    (vscode.window as { showErrorMessage: unknown }).showErrorMessage = original;
  }
}

describe('saved event links', () => {
  let lambda: LambdaClient;
  let outside: string;
  const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const events = (name: string) => join(root(), '.lambda-lens', 'events', name);

  before(async function () {
    this.timeout(60_000);
    ({ lambda } = await localLambda());
    await useLocalConnection();
    for (const name of [LINKED, UNDER_LINK])
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Role: ROLE,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Code: {
            ZipFile: zipSync({
              'index.js': new TextEncoder().encode(
                'exports.handler = async (event) => ({ got: event });',
              ),
            }),
          },
        }),
      );
    // The user's own files, outside the workspace: a secret, and a folder of them.
    outside = mkdtempSync(join(tmpdir(), 'll-outside-'));
    writeFileSync(join(outside, 'config.json'), SECRET);
    mkdirSync(join(outside, 'folder'));
    writeFileSync(join(outside, 'folder', 'leak.json'), SECRET);
    // What a cloned repository could hold.
    mkdirSync(events(LINKED), { recursive: true });
    symlinkSync(join(outside, 'config.json'), join(events(LINKED), 'docker.json'));
    mkdirSync(join(root(), 'fixtures-links'), { recursive: true });
    writeFileSync(join(root(), 'fixtures-links', 'order.json'), '{ "orderId": 7 }\n');
    symlinkSync(
      join('..', '..', '..', 'fixtures-links', 'order.json'),
      join(events(LINKED), 'order.json'),
    );
    symlinkSync(join(outside, 'folder'), events(UNDER_LINK));
  });

  after(async () => {
    for (const name of [LINKED, UNDER_LINK])
      await lambda?.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
    // rmSync removes the links themselves, never what they point at.
    rmSync(join(root(), '.lambda-lens'), { recursive: true, force: true });
    rmSync(join(root(), 'fixtures-links'), { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('refuses a saved event linked to a file outside the workspace, and sends nothing', async function () {
    this.timeout(30_000);
    const offered: string[][] = [];
    (await activated()).ui.pick = async (items) => {
      offered.push([...items]);
      return items.find((i) => i.endsWith('docker.json'));
    };
    const { result, errors } = await errorsOf(async () =>
      vscode.commands.executeCommand('lambdaLens.invoke', await node(LINKED)),
    );
    assert.equal(result, undefined);
    assert.equal(offered.length, 1, 'nothing is asked after the event: no version, no invoke');
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]!,
      /^\.lambda-lens\/events\/links-echo\/docker\.json leads outside the workspace folder, to .*config\.json, through a symbolic link: it is not read.*Copy the event into the workspace.*Nothing was sent\.$/,
    );
    assert.doesNotMatch(errors[0]!, /secret-token/);
  });

  it('reads a saved event linked to a file inside the workspace', async function () {
    this.timeout(30_000);
    (await activated()).ui.pick = async (items) => items.find((i) => i.endsWith('order.json'));
    const { errors } = await errorsOf(async () =>
      vscode.commands.executeCommand('lambdaLens.invoke', await node(LINKED)),
    );
    assert.deepEqual(errors, []);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, 'lambda-lens');
    assert.deepEqual(JSON.parse(editor.document.getText()), { got: { orderId: 7 } });
  });

  it('refuses a saved event under a folder linked outside the workspace', async function () {
    this.timeout(30_000);
    const offered: string[][] = [];
    (await activated()).ui.pick = async (items) => {
      offered.push([...items]);
      return items.find((i) => i.endsWith('leak.json'));
    };
    const { result, errors } = await errorsOf(async () =>
      vscode.commands.executeCommand('lambdaLens.invoke', await node(UNDER_LINK)),
    );
    assert.equal(result, undefined);
    // The workspace search follows links (search.followSymlinks, on by default): the file is offered.
    assert.ok(offered[0]!.some((i) => i.endsWith('leak.json')));
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /links-under\/leak\.json leads outside the workspace folder/);
  });

  it('refuses to save over a link leading outside the workspace, before asking to replace', async function () {
    this.timeout(30_000);
    const api = await activated();
    const document = await vscode.workspace.openTextDocument({
      language: 'json',
      content: '{ "overwritten": true }',
    });
    await vscode.window.showTextDocument(document);
    api.ui.pick = async () => 'Other…';
    const answers = [LINKED, 'docker'];
    api.ui.input = async () => answers.shift();
    const confirmed: string[] = [];
    api.ui.confirm = async (message) => {
      confirmed.push(message);
      return true;
    };
    const { result, errors } = await errorsOf(() =>
      vscode.commands.executeCommand<vscode.Uri | undefined>('lambdaLens.saveEvent'),
    );
    assert.equal(result, undefined);
    assert.deepEqual(confirmed, []);
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]!,
      /^Could not save \.lambda-lens\/events\/links-echo\/docker\.json: it leads outside the workspace folder.*Remove the link, or save the event under another name\.$/,
    );
    assert.equal(
      readFileSync(join(outside, 'config.json'), 'utf8'),
      SECRET,
      'the file is as it was',
    );
    assert.ok(!document.isClosed && document.isDirty, 'the document is kept, unsaved');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
