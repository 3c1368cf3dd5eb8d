// `lambda-lens deploy` (the built CLI) on a SAM project: its root deploys the template's
// functions, a subfolder the one whose CodeUri it is, a handler file the one whose Handler it holds;
// to a running `serve`, to a custom endpoint (a placeholder role, said once) and to moto, where
// --create-role makes lambda-lens-<function>-role through IAM at the same URL and records it.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { clientsFor, startServeProcess, stopServeProcess, type ServeProcess } from './endpoint';
import { MOTO_CREDENTIALS, startMotoServer, type MotoServer } from './moto';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function: { Runtime: nodejs20.x, Timeout: 5 }
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Policies: [AWSLambdaBasicExecutionRole]
      Layers: [arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:21]
  WorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: sam-world
      CodeUri: world/
      Handler: index.handler
`;

/** A SAM project as `sam init` lays it out: template.yaml at the root, code in folders under it. */
function samProject(parent: string): string {
  const root = join(parent, `sam-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'world'));
  writeFileSync(join(root, 'template.yaml'), TEMPLATE);
  writeFileSync(join(root, 'src', 'app.js'), "exports.handler = async () => 'hello from src';\n");
  writeFileSync(
    join(root, 'world', 'index.js'),
    "exports.handler = async () => 'hello from world';\n",
  );
  return root;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const deployed = (run: Run) =>
  [...run.stdout.matchAll(/^([\w-]+): (created|updated|up-to-date)/gm)].map((m) => m[1]);

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'll-deploy-cli-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('to the local endpoint', () => {
  let home: string;
  let serve: ServeProcess;
  let lambda: LambdaClient;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'll-deploy-cli-home-'));
    serve = await startServeProcess(home);
    ({ lambda } = clientsFor(serve.url, serve));
  });
  after(async () => {
    lambda.destroy();
    await stopServeProcess(serve);
    rmSync(home, { recursive: true, force: true });
  });

  const invoke = async (name: string) =>
    JSON.parse(
      Buffer.from(
        (await lambda.send(new InvokeCommand({ FunctionName: name }))).Payload!,
      ).toString(),
    );

  test('a SAM root deploys every function of the template, its Policies reported as not created and its Layers as not attached', async () => {
    const root = samProject(scratch);
    const run = await cli(['deploy', root, '--home', home]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(deployed(run), ['HelloFunction', 'sam-world']);
    assert.match(run.stderr, /Resources\.HelloFunction\.Properties\.Policies: not created/);
    // The local endpoint runs no layers: the deploy there leaves them out and says so (AWS gets them).
    assert.match(
      run.stderr,
      /warning: Layers not attached: the local endpoint runs a function with its own package only, so what arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:21 hold\(s\) is missing when it runs here\. Put the layers' files in the function's folder/,
    );
    assert.equal(await invoke('HelloFunction'), 'hello from src');
    assert.equal(await invoke('sam-world'), 'hello from world');
    const names = ((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map(
      (f) => f.FunctionName,
    );
    assert.ok(!names.includes(root.split('/').pop()), 'nothing named after the project folder');
  });

  test('a subfolder deploys its function; a handler file the function whose handler it holds', async () => {
    const root = samProject(scratch);
    const sub = await cli(['deploy', join(root, 'world'), '--home', home]);
    assert.equal(sub.code, 0, sub.stderr);
    assert.deepEqual(deployed(sub), ['sam-world']);
    writeFileSync(join(root, 'src', 'app.js'), "exports.handler = async () => 'changed';\n");
    const file = await cli(['deploy', join(root, 'src', 'app.js'), '--home', home]);
    assert.equal(file.code, 0, file.stderr);
    assert.deepEqual(deployed(file), ['HelloFunction']);
    assert.equal(await invoke('HelloFunction'), 'changed');
  });

  test('--function picks by logical id; one the template lacks is a usage error naming those it has', async () => {
    const root = samProject(scratch);
    const one = await cli(['deploy', root, '--function', 'WorldFunction', '--home', home]);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(deployed(one), ['sam-world']);
    const none = await cli(['deploy', root, '--function', 'Nope', '--home', home]);
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /template\.yaml has no function "Nope".*HelloFunction, WorldFunction \(sam-world\)/,
    );
  });

  test('a custom endpoint that is not AWS gets the placeholder role, said once', async () => {
    const root = samProject(scratch);
    writeFileSync(
      join(root, 'template.yaml'),
      TEMPLATE.replace(/HelloFunction/g, 'PlaceholderOne').replace('sam-world', 'placeholder-two'),
    );
    const run = await cli(['deploy', root, '--endpoint', serve.url, '--region', 'us-east-1'], {
      AWS_ACCESS_KEY_ID: serve.accessKeyId,
      AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(deployed(run), ['PlaceholderOne', 'placeholder-two']);
    assert.equal(
      run.stderr.match(/placeholder arn:aws:iam::000000000000:role\/lambda-lens-placeholder/g)
        ?.length,
      1,
      run.stderr,
    );
    // The layer is sent to an endpoint that is not AWS; this one runs none, so the function is deployed without it, said.
    assert.match(
      run.stderr,
      /warning: Layers not attached: http:\/\/127\.0\.0\.1:\d+ refused them \(InvalidParameterValueException: The local endpoint does not run layers.*\)\. The function was deployed without arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:21\./,
    );
  });
});

describe('to moto (IAM and Lambda on one port)', () => {
  let moto: MotoServer | undefined;
  let skip: string | false = false;
  let lambda: LambdaClient;
  let iam: IAMClient;
  const env = {
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  before(async () => {
    // moto has AWS's managed policies (AWSLambdaBasicExecutionRole) only when asked to load them.
    process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
    const started = await startMotoServer();
    if ('skip' in started) skip = started.skip;
    else {
      moto = started;
      lambda = clientsFor(moto.url, MOTO_CREDENTIALS).lambda;
      iam = new IAMClient({
        endpoint: moto.url,
        region: 'us-east-1',
        credentials: MOTO_CREDENTIALS,
      });
    }
  });
  after(async () => {
    lambda?.destroy();
    iam?.destroy();
    await moto?.close();
  });

  test('--create-role: the role exists, trusts Lambda, has the basic policy, is used and recorded; later deploys reuse it', async (t) => {
    if (skip) return t.skip(skip);
    const root = samProject(scratch);
    const run = await cli(
      ['deploy', root, '--endpoint', moto!.url, '--region', 'us-east-1', '--create-role'],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(deployed(run), ['HelloFunction', 'sam-world']);
    // moto knows no such layer: the function is deployed without it, said.
    assert.match(
      run.stderr,
      /warning: Layers not attached: .* refused them \(ResourceNotFoundException: One or more LayerVersion does not exist/,
    );
    for (const name of ['HelloFunction', 'sam-world']) {
      const roleName = `lambda-lens-${name}-role`;
      const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!;
      const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
      assert.equal(trust.Statement[0].Principal.Service, 'lambda.amazonaws.com');
      const attached =
        (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })))
          .AttachedPolicies ?? [];
      assert.deepEqual(
        attached.map((p) => p.PolicyArn),
        ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      );
      assert.equal(
        (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).Role,
        role.Arn,
      );
    }
    const recorded = JSON.parse(readFileSync(join(root, '.lambda-lens', 'functions.json'), 'utf8'));
    assert.deepEqual(
      recorded.functions.map((f: { name: string; role: string }) => [f.name, f.role]),
      [
        ['HelloFunction', 'arn:aws:iam::123456789012:role/lambda-lens-HelloFunction-role'],
        ['sam-world', 'arn:aws:iam::123456789012:role/lambda-lens-sam-world-role'],
      ],
    );
    // Recorded under the id the editor matches to an endpoint configured with that URL.
    assert.deepEqual(
      recorded.functions.map((f: { connection: string }) => f.connection),
      [`endpoint:${moto!.url}`, `endpoint:${moto!.url}`],
    );
    // The subfolder (its URL written with a trailing slash: the same connection) and the handler file: the recorded role, nothing asked, nothing re-sent.
    const sub = await cli(
      ['deploy', join(root, 'world'), '--endpoint', `${moto!.url}/`, '--region', 'us-east-1'],
      env,
    );
    assert.equal(sub.code, 0, sub.stderr);
    assert.match(sub.stdout, /^sam-world: up-to-date/m);
    writeFileSync(join(root, 'src', 'app.js'), "exports.handler = async () => 'changed';\n");
    const file = await cli(
      ['deploy', join(root, 'src', 'app.js'), '--endpoint', moto!.url, '--region', 'us-east-1'],
      env,
    );
    assert.equal(file.code, 0, file.stderr);
    assert.match(file.stdout, /^HelloFunction: updated/m);
  });

  test('without a role, the placeholder is refused by moto (it checks roles), saying what to do; nothing is recorded', async (t) => {
    if (skip) return t.skip(skip);
    const folder = join(scratch, 'plain-folder');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => 1;\n');
    // moto checks the role, so the placeholder is refused there: the error says what to do.
    const run = await cli(
      ['deploy', folder, '--endpoint', moto!.url, '--region', 'us-east-1'],
      env,
    );
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /checks execution roles: give one \(--role.*\) or create a basic one \(--create-role;/,
    );
    assert.equal(existsSync(join(folder, '.lambda-lens')), false);
  });
});
