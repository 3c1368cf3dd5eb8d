// A workspace's definitions (template, functions.json) against the real file system: a code folder
// that is a symbolic link leading out of the workspace is reported and left out, so that a cloned
// project cannot make a deploy package the user's home; a link that stays inside is kept.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFunctionDefinitions } from '../../src/cloud/deploy/functionDefinitions';

let base: string;
let workspace: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'll-definition-folders-'));
  workspace = join(base, 'project');
  const outside = join(base, 'home-of-the-user');
  mkdirSync(join(workspace, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'not for Lambda\n');
  symlinkSync(outside, join(workspace, 'away'));
  symlinkSync(join(workspace, 'src'), join(workspace, 'alias'));
  writeFileSync(
    join(workspace, 'template.yaml'),
    `Transform: AWS::Serverless-2016-10-31
Resources:
  Away:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: away/, Handler: index.handler, Runtime: nodejs20.x }
  Alias:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: alias/, Handler: index.handler, Runtime: nodejs20.x }
`,
  );
  mkdirSync(join(workspace, '.lambda-lens'));
  writeFileSync(
    join(workspace, '.lambda-lens', 'functions.json'),
    JSON.stringify({
      functions: [
        { name: 'linked-away', folder: 'away', handler: 'index.handler', runtime: 'nodejs20.x' },
        { name: 'plain', folder: 'src', handler: 'index.handler', runtime: 'nodejs20.x' },
      ],
    }),
  );
});

after(() => rmSync(base, { recursive: true, force: true }));

test('a code folder linked out of the workspace is reported and skipped; one linked inside is kept', async () => {
  const found = await loadFunctionDefinitions(workspace);
  assert.deepEqual(
    found.template.map((d) => d.name),
    ['Alias'],
  );
  assert.deepEqual(
    found.workspace.map((d) => d.name),
    ['plain'],
  );
  const messages = found.problems.map((p) => `${p.where}: ${p.message}`).join('\n');
  assert.match(
    messages,
    /template\.yaml: Away: its folder "away" leads outside the workspace, to .*home-of-the-user/,
  );
  assert.match(
    messages,
    /functions\.json: linked-away: its folder "away" leads outside the workspace/,
  );
});
