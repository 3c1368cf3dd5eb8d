// The Function URL control plane on the local endpoint, through the SDK and the AWS CLI: AWS's
// fields, validation and errors; alias URLs; URLs that survive a restart on the same port and go
// with their function or alias.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
  PublishVersionCommand,
  UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda';
import { startServeProcess, startTestEndpoint, stopServeProcess, zipOf } from './endpoint';
import { createFunction } from './invokeKit';
import { ROUTED_HANDLER } from './functionUrlKit';

async function rejects(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

test("Create, Get, Update, List and Delete a URL through the SDK, with AWS's fields and errors", async () => {
  const t = await startTestEndpoint();
  try {
    await createFunction(t, 'api', { 'index.js': ROUTED_HANDLER });
    const created = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: 'api',
        AuthType: 'NONE',
        Cors: { AllowOrigins: ['*'], MaxAge: 60 },
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.match(created.FunctionUrl!, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:api');
    assert.equal(created.AuthType, 'NONE');
    assert.deepEqual(created.Cors, { AllowOrigins: ['*'], MaxAge: 60 });
    assert.equal(created.InvokeMode, 'BUFFERED');
    assert.ok(created.CreationTime);
    assert.equal((await fetch(`${created.FunctionUrl}object`)).status, 200);

    await rejects(
      t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'api', AuthType: 'NONE' })),
      'ResourceConflictException',
      /^Failed to create function url config for \[functionArn = arn:aws:lambda:us-east-1:123456789012:function:api\]\. Error message: {2}FunctionUrlConfig exists for this Lambda function$/,
    );

    const got = await t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'api' }));
    assert.equal(got.FunctionUrl, created.FunctionUrl);
    assert.equal(got.LastModifiedTime, got.CreationTime);

    const updated = await t.lambda.send(
      new UpdateFunctionUrlConfigCommand({
        FunctionName: 'api',
        AuthType: 'AWS_IAM',
        InvokeMode: 'RESPONSE_STREAM',
      }),
    );
    assert.equal(updated.AuthType, 'AWS_IAM');
    assert.equal(updated.InvokeMode, 'RESPONSE_STREAM');
    assert.deepEqual(
      updated.Cors,
      { AllowOrigins: ['*'], MaxAge: 60 },
      'what the update leaves out stays',
    );
    assert.equal(updated.FunctionUrl, created.FunctionUrl);
    assert.equal(
      (await fetch(`${created.FunctionUrl}object`)).status,
      403,
      'now it takes a signature',
    );

    await t.lambda.send(new PublishVersionCommand({ FunctionName: 'api' }));
    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: 'api', Name: 'live', FunctionVersion: '1' }),
    );
    const alias = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: 'api',
        Qualifier: 'live',
        AuthType: 'NONE',
      }),
    );
    assert.equal(alias.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:api:live');
    assert.notEqual(alias.FunctionUrl, created.FunctionUrl, 'each URL is its own origin');
    assert.equal((await fetch(`${alias.FunctionUrl}object`)).status, 200);

    const listed = await t.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'api' }));
    assert.deepEqual(listed.FunctionUrlConfigs!.map((c) => c.FunctionArn).sort(), [
      created.FunctionArn,
      alias.FunctionArn,
    ]);
    const page = await t.lambda.send(
      new ListFunctionUrlConfigsCommand({ FunctionName: 'api', MaxItems: 1 }),
    );
    assert.equal(page.FunctionUrlConfigs!.length, 1);
    const rest = await t.lambda.send(
      new ListFunctionUrlConfigsCommand({ FunctionName: 'api', Marker: page.NextMarker! }),
    );
    assert.equal(rest.FunctionUrlConfigs!.length, 1);
    assert.equal(rest.NextMarker, undefined);

    // Qualifiers: aliases only, as on Lambda.
    await rejects(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: 'api',
          Qualifier: '$LATEST',
          AuthType: 'NONE',
        }),
      ),
      'ValidationException',
      /'\$LATEST' at 'qualifier'/,
    );
    await rejects(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: 'api',
          Qualifier: '1',
          AuthType: 'NONE',
        }),
      ),
      'ValidationException',
      /'1' at 'qualifier'/,
    );
    await rejects(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: 'api',
          Qualifier: 'nope',
          AuthType: 'NONE',
        }),
      ),
      'ResourceNotFoundException',
      /Function does not exist/,
    );
    await rejects(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: 'missing', AuthType: 'NONE' }),
      ),
      'ResourceNotFoundException',
    );
    await rejects(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: 'api',
          Qualifier: 'x',
          AuthType: 'OPEN' as 'NONE',
        }),
      ),
      'ValidationException',
      /authType.*\[AWS_IAM, NONE\]/,
    );
    await rejects(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: 'api',
          Qualifier: 'x',
          AuthType: 'NONE',
          Cors: { MaxAge: 90_000 },
        }),
      ),
      'ValidationException',
      /cors\.maxAge/,
    );
    await rejects(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: 'api',
          Qualifier: 'x',
          AuthType: 'NONE',
          Cors: { AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
        }),
      ),
      'ValidationException',
      /cors\.allowMethods/,
    );

    // Deleting the alias deletes its URL, and the port closes.
    await t.lambda.send(new DeleteAliasCommand({ FunctionName: 'api', Name: 'live' }));
    await assert.rejects(fetch(`${alias.FunctionUrl}object`));

    await t.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'api' }));
    await rejects(
      t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'api' })),
      'ResourceNotFoundException',
      /The resource you requested does not exist\./,
    );
    await rejects(
      t.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'api' })),
      'ResourceNotFoundException',
    );
    await assert.rejects(fetch(`${created.FunctionUrl}object`));

    // Deleting the function deletes its URL.
    const again = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'api', AuthType: 'NONE' }),
    );
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'api' }));
    await assert.rejects(fetch(`${again.FunctionUrl}object`));
  } finally {
    await t.close();
  }
});

test('a URL survives a restart on its port, or moves to another (recorded) when that port is taken', async () => {
  const home = mkdtempSync(join(tmpdir(), 'll-furl-'));
  try {
    let t = await startTestEndpoint({ home });
    await createFunction(t, 'kept', { 'index.js': ROUTED_HANDLER });
    const { FunctionUrl } = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'kept', AuthType: 'NONE' }),
    );
    await t.close();

    t = await startTestEndpoint({ home });
    assert.equal(
      (await t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'kept' }))).FunctionUrl,
      FunctionUrl,
    );
    assert.equal(await (await fetch(`${FunctionUrl}string`)).text(), '"Hello, world!"');
    await t.close();

    // Something else took the port meanwhile.
    const squatter = createServer();
    await new Promise<void>((resolve) =>
      squatter.listen(Number(new URL(FunctionUrl!).port), '127.0.0.1', resolve),
    );
    const lines: string[] = [];
    t = await startTestEndpoint({ home, log: (line) => lines.push(line) });
    const moved = (await t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'kept' })))
      .FunctionUrl!;
    assert.notEqual(moved, FunctionUrl);
    assert.ok(
      lines.some((l) => l.includes('is taken') && l.includes(moved)),
      lines.join('\n'),
    );
    assert.equal((await fetch(`${moved}object`)).status, 200);
    squatter.close();
    await t.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

function hasAwsCli(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test(
  'the AWS CLI creates, gets, updates, lists and deletes a URL, and curl calls it',
  { skip: hasAwsCli() ? false : 'the AWS CLI (aws) is not installed on this machine' },
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'll-furl-cli-'));
    const serve = await startServeProcess(home);
    const run = promisify(execFile);
    const aws = async (...args: string[]) => {
      const { stdout } = await run(
        'aws',
        ['--endpoint-url', serve.url, '--region', 'us-east-1', '--output', 'json', ...args],
        {
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: serve.accessKeyId,
            AWS_SECRET_ACCESS_KEY: serve.secretAccessKey,
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
            AWS_PAGER: '',
          },
          timeout: 60_000,
        },
      );
      return (stdout.trim() ? JSON.parse(stdout) : {}) as Record<string, unknown>;
    };
    try {
      writeFileSync(join(home, 'code.zip'), zipOf({ 'index.js': ROUTED_HANDLER }));
      await aws(
        'lambda',
        'create-function',
        '--function-name',
        'cli-url',
        '--runtime',
        'nodejs20.x',
        '--handler',
        'index.handler',
        '--role',
        'arn:aws:iam::123456789012:role/x',
        '--zip-file',
        `fileb://${join(home, 'code.zip')}`,
      );
      const created = await aws(
        'lambda',
        'create-function-url-config',
        '--function-name',
        'cli-url',
        '--auth-type',
        'NONE',
        '--cors',
        'AllowOrigins=https://app.example,AllowMethods=GET',
      );
      assert.match(String(created.FunctionUrl), /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.deepEqual(created.Cors, {
        AllowOrigins: ['https://app.example'],
        AllowMethods: ['GET'],
      });
      const { stdout } = await run('curl', ['-s', `${created.FunctionUrl}string`]);
      assert.equal(stdout, '"Hello, world!"');
      assert.equal(
        (await aws('lambda', 'get-function-url-config', '--function-name', 'cli-url')).FunctionUrl,
        created.FunctionUrl,
      );
      assert.equal(
        (
          await aws(
            'lambda',
            'update-function-url-config',
            '--function-name',
            'cli-url',
            '--auth-type',
            'AWS_IAM',
          )
        ).AuthType,
        'AWS_IAM',
      );
      assert.equal(
        (
          (await aws('lambda', 'list-function-url-configs', '--function-name', 'cli-url'))
            .FunctionUrlConfigs as unknown[]
        ).length,
        1,
      );
      await aws('lambda', 'delete-function-url-config', '--function-name', 'cli-url');
      await assert.rejects(
        aws('lambda', 'get-function-url-config', '--function-name', 'cli-url'),
        /ResourceNotFoundException/,
      );
    } finally {
      await stopServeProcess(serve);
      rmSync(home, { recursive: true, force: true });
    }
  },
);
