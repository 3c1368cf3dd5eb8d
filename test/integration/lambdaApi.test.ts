// The Lambda control plane of the local endpoint, through the real AWS SDK v3 client over HTTP:
// every operation, the paginator, the waiters, and each validation error as the SDK's typed
// exception carrying AWS's own message.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvalidParameterValueException,
  InvokeCommand,
  LambdaServiceException,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PreconditionFailedException,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  RequestTooLargeException,
  ResourceConflictException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
  waitUntilFunctionActiveV2,
  waitUntilFunctionExists,
  waitUntilFunctionUpdatedV2,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { clientsFor, NODE_HELLO, startTestEndpoint, zipOf, type TestEndpoint } from './endpoint';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-lens-test`;
const LAST_MODIFIED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MB = 1024 * 1024;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');
const arn = (name: string, qualifier?: string) =>
  `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
const codeA = zipOf({ 'index.js': NODE_HELLO });
const codeB = zipOf({ 'index.js': `${NODE_HELLO}// version B\n` });
const codeC = zipOf({ 'index.js': `${NODE_HELLO}// version C\n` });

function createInput(
  name: string,
  extra: Partial<CreateFunctionCommandInput> = {},
): CreateFunctionCommandInput {
  return {
    FunctionName: name,
    Runtime: 'nodejs20.x',
    Role: ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: codeA },
    ...extra,
  };
}

/** Until a create's Pending or an update's InProgress phase has ended (fidelity.updates.test.ts), as deploy tools wait. */
async function settled(name: string): Promise<void> {
  await waitUntilFunctionUpdatedV2(
    { client: lambda, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
    { FunctionName: name },
  );
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** The call fails with the SDK's `type` class, the error `name`, AWS's `message` and HTTP `status`. */
async function rejectsWith(
  call: Promise<unknown>,
  type: ErrorClass,
  name: string,
  message: string | RegExp,
  status = 400,
): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(
      error instanceof type,
      `expected ${type.name}, got ${(error as Error)?.constructor?.name}: ${String(error)}`,
    );
    assert.equal(error.name, name);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    assert.equal((error as LambdaServiceException).$metadata.httpStatusCode, status);
    return true;
  });
}

let t: TestEndpoint;
let lambda: LambdaClient;
before(async () => {
  t = await startTestEndpoint();
  lambda = t.lambda;
});
after(async () => {
  await t?.close();
});

describe('functions', () => {
  test('CreateFunction answers 201 with the configuration AWS returns', async () => {
    const out = await lambda.send(
      new CreateFunctionCommand(
        createInput('create-me', {
          Description: 'made by a test',
          MemorySize: 256,
          Timeout: 10,
          Environment: { Variables: { STAGE: 'test' } },
          Tags: { team: 'lens' },
        }),
      ),
    );
    assert.equal(out.$metadata.httpStatusCode, 201);
    assert.equal(out.FunctionName, 'create-me');
    assert.equal(out.FunctionArn, arn('create-me'));
    assert.equal(out.Runtime, 'nodejs20.x');
    assert.equal(out.Handler, 'index.handler');
    assert.equal(out.Description, 'made by a test');
    assert.equal(out.MemorySize, 256);
    assert.equal(out.Timeout, 10);
    assert.deepEqual(out.Environment, { Variables: { STAGE: 'test' } });
    assert.equal(out.CodeSha256, sha256(codeA));
    assert.equal(out.CodeSize, codeA.length);
    assert.equal(out.Version, '$LATEST');
    assert.equal(out.State, 'Pending');
    assert.equal(out.StateReasonCode, 'Creating');
    assert.equal(out.PackageType, 'Zip');
    assert.deepEqual(out.Architectures, ['x86_64']);
    assert.deepEqual(out.EphemeralStorage, { Size: 512 });
    assert.match(out.LastModified!, LAST_MODIFIED);
    assert.match(out.RevisionId!, UUID);
    assert.equal(out.Role, ROLE);
    assert.deepEqual(out.LoggingConfig, { LogFormat: 'Text', LogGroup: '/aws/lambda/create-me' });
  });

  test('CreateFunction with Publish returns version 1', async () => {
    const out = await lambda.send(
      new CreateFunctionCommand(createInput('create-published', { Publish: true })),
    );
    assert.equal(out.Version, '1');
    assert.equal(out.FunctionArn, arn('create-published', '1'));
    const versions = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'create-published' }),
    );
    assert.deepEqual(
      versions.Versions!.map((v) => v.Version),
      ['$LATEST', '1'],
    );
  });

  test('GetFunction: configuration, a code location plain fetch downloads, tags and concurrency', async () => {
    await lambda.send(
      new CreateFunctionCommand(createInput('get-me', { Tags: { owner: 'me', tier: 'gold' } })),
    );
    await settled('get-me');
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: 'get-me' }));
    assert.equal(out.Configuration!.FunctionName, 'get-me');
    assert.equal(out.Configuration!.State, 'Active');
    assert.equal(out.Configuration!.LastUpdateStatus, 'Successful');
    assert.equal(out.Code!.RepositoryType, 'S3');
    const download = await fetch(out.Code!.Location!);
    assert.equal(download.status, 200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    assert.deepEqual(Buffer.from(bytes), Buffer.from(codeA));
    assert.equal(sha256(bytes), out.Configuration!.CodeSha256);
    assert.deepEqual(out.Tags, { owner: 'me', tier: 'gold' });
    assert.equal(out.Concurrency, undefined);
    await lambda.send(
      new PutFunctionConcurrencyCommand({
        FunctionName: 'get-me',
        ReservedConcurrentExecutions: 7,
      }),
    );
    const again = await lambda.send(new GetFunctionCommand({ FunctionName: 'get-me' }));
    assert.deepEqual(again.Concurrency, { ReservedConcurrentExecutions: 7 });
    // The full ARN names the same function.
    const byArn = await lambda.send(new GetFunctionCommand({ FunctionName: arn('get-me') }));
    assert.equal(byArn.Configuration!.RevisionId, out.Configuration!.RevisionId);
  });

  test('GetFunctionConfiguration of $LATEST, a version and an alias', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('config-me')));
    const latest = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'config-me' }),
    );
    assert.equal(latest.Version, '$LATEST');
    assert.equal(latest.FunctionArn, arn('config-me'));
    await lambda.send(new PublishVersionCommand({ FunctionName: 'config-me' }));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'config-me', Name: 'live', FunctionVersion: '1' }),
    );
    const v1 = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'config-me', Qualifier: '1' }),
    );
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, arn('config-me', '1'));
    const live = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'config-me:live' }),
    );
    assert.equal(live.Version, '1');
    assert.equal(live.FunctionArn, arn('config-me', 'live'));
    await rejectsWith(
      lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'config-me', Qualifier: '9' }),
      ),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Function not found: ${arn('config-me', '9')}`,
      404,
    );
  });

  test('UpdateFunctionCode: new CodeSha256, CodeSize, RevisionId and LastModified', async () => {
    const created = await lambda.send(new CreateFunctionCommand(createInput('update-code')));
    const out = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'update-code', ZipFile: codeB }),
    );
    assert.equal(out.CodeSha256, sha256(codeB));
    assert.equal(out.CodeSize, codeB.length);
    assert.notEqual(out.RevisionId, created.RevisionId);
    assert.match(out.RevisionId!, UUID);
    assert.match(out.LastModified!, LAST_MODIFIED);
    assert.ok(
      Date.parse(out.LastModified!.replace('+0000', 'Z')) >=
        Date.parse(created.LastModified!.replace('+0000', 'Z')),
    );
    assert.equal(out.LastUpdateStatus, 'InProgress');
    await settled('update-code');
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'update-code' }));
    assert.equal(got.Configuration!.CodeSha256, sha256(codeB));
    assert.deepEqual(
      Buffer.from(await (await fetch(got.Code!.Location!)).arrayBuffer()),
      Buffer.from(codeB),
    );
    // With the current RevisionId it succeeds; with an old one it is refused.
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'update-code',
        ZipFile: codeC,
        RevisionId: got.Configuration!.RevisionId,
      }),
    );
    await settled('update-code');
    await rejectsWith(
      lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: 'update-code',
          ZipFile: codeA,
          RevisionId: out.RevisionId,
        }),
      ),
      PreconditionFailedException,
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    );
  });

  test('concurrent requests: one create of a name wins, one update per RevisionId wins', async () => {
    const creates = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        lambda.send(new CreateFunctionCommand(createInput('race-create'))),
      ),
    );
    assert.equal(creates.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of creates)
      if (r.status === 'rejected')
        assert.ok(r.reason instanceof ResourceConflictException, String(r.reason));
    await settled('race-create');
    const revision = (
      await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'race-create' }))
    ).RevisionId;
    const zips = [codeA, codeB, codeC];
    const updates = await Promise.allSettled(
      zips.map((zip) =>
        lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: 'race-create',
            ZipFile: zip,
            RevisionId: revision,
          }),
        ),
      ),
    );
    const won = updates.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1, 'only one update may replace the revision it was given');
    // The losers find the revision replaced, or the winner's update in progress.
    for (const r of updates)
      if (r.status === 'rejected')
        assert.ok(
          r.reason instanceof PreconditionFailedException ||
            r.reason instanceof ResourceConflictException,
          String(r.reason),
        );
    const final = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'race-create' }),
    );
    assert.equal(
      final.CodeSha256,
      (won[0] as PromiseFulfilledResult<{ CodeSha256?: string }>).value.CodeSha256,
    );
  });

  test('UpdateFunctionConfiguration changes what it is given and keeps the rest', async () => {
    const created = await lambda.send(
      new CreateFunctionCommand(
        createInput('update-config', { Environment: { Variables: { AB: '1' } } }),
      ),
    );
    const out = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'update-config',
        MemorySize: 1024,
        Timeout: 30,
        Description: 'bigger',
        Handler: 'main.run',
      }),
    );
    assert.equal(out.MemorySize, 1024);
    assert.equal(out.Timeout, 30);
    assert.equal(out.Description, 'bigger');
    assert.equal(out.Handler, 'main.run');
    assert.deepEqual(out.Environment, { Variables: { AB: '1' } });
    assert.equal(out.CodeSha256, created.CodeSha256);
    assert.notEqual(out.RevisionId, created.RevisionId);
    assert.equal(out.LastUpdateStatus, 'InProgress');
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
      { FunctionName: 'update-config' },
    );
    const got = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'update-config' }),
    );
    assert.equal(got.LastUpdateStatus, 'Successful');
    assert.equal(got.MemorySize, 1024);
    // An empty variable map removes the variables.
    const cleared = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'update-config',
        Environment: { Variables: {} },
      }),
    );
    assert.equal(cleared.Environment, undefined);
    await settled('update-config');
    await rejectsWith(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'update-config',
          Timeout: 5,
          RevisionId: created.RevisionId,
        }),
      ),
      PreconditionFailedException,
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    );
  });

  test('DeleteFunction removes the function; a second delete is ResourceNotFoundException', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('delete-me')));
    const out = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'delete-me' }));
    assert.equal(out.$metadata.httpStatusCode, 204);
    await rejectsWith(
      lambda.send(new GetFunctionCommand({ FunctionName: 'delete-me' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Function not found: ${arn('delete-me')}`,
      404,
    );
    await rejectsWith(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'delete-me' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Function not found: ${arn('delete-me')}`,
      404,
    );
  });

  test('DeleteFunction with a Qualifier deletes that version only', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('delete-version', { Publish: true })));
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'delete-version',
        ZipFile: codeB,
        Publish: true,
      }),
    );
    await lambda.send(
      new DeleteFunctionCommand({ FunctionName: 'delete-version', Qualifier: '1' }),
    );
    const versions = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'delete-version' }),
    );
    assert.deepEqual(
      versions.Versions!.map((v) => v.Version),
      ['$LATEST', '2'],
    );
    await rejectsWith(
      lambda.send(new GetFunctionCommand({ FunctionName: 'delete-version', Qualifier: '1' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Function not found: ${arn('delete-version', '1')}`,
      404,
    );
    await lambda.send(new GetFunctionCommand({ FunctionName: 'delete-version' }));
    await rejectsWith(
      lambda.send(
        new DeleteFunctionCommand({ FunctionName: 'delete-version', Qualifier: '$LATEST' }),
      ),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      '$LATEST version cannot be deleted without deleting the function.',
    );
  });
});

describe('ListFunctions', () => {
  // Its own region, so that the other tests' functions do not change the counts.
  let eu: LambdaClient;
  const names = Array.from({ length: 120 }, (_, i) => `page-${String(i).padStart(3, '0')}`);
  before(async () => {
    eu = clientsFor(t.endpoint.url, t.endpoint.credentials, 'eu-west-1').lambda;
    const shuffled = [...names].sort(() => Math.random() - 0.5);
    for (let i = 0; i < shuffled.length; i += 20) {
      await Promise.all(
        shuffled
          .slice(i, i + 20)
          .map((name) => eu.send(new CreateFunctionCommand(createInput(name)))),
      );
    }
  });
  after(() => eu.destroy());

  test('paginateListFunctions gives all 120 functions once, sorted, in pages of 50, 50 and 20', async () => {
    const pages: string[][] = [];
    for await (const page of paginateListFunctions({ client: eu }, {}))
      pages.push(page.Functions!.map((f) => f.FunctionName!));
    assert.deepEqual(
      pages.map((p) => p.length),
      [50, 50, 20],
    );
    const all = pages.flat();
    assert.equal(new Set(all).size, 120);
    assert.deepEqual(all, names);
  });

  test('MaxItems up to 50 with Marker and NextMarker', async () => {
    const first = await eu.send(new ListFunctionsCommand({ MaxItems: 7 }));
    assert.deepEqual(
      first.Functions!.map((f) => f.FunctionName),
      names.slice(0, 7),
    );
    assert.ok(first.NextMarker);
    const second = await eu.send(
      new ListFunctionsCommand({ MaxItems: 7, Marker: first.NextMarker }),
    );
    assert.deepEqual(
      second.Functions!.map((f) => f.FunctionName),
      names.slice(7, 14),
    );
    const capped = await eu.send(new ListFunctionsCommand({ MaxItems: 1000 }));
    assert.equal(capped.Functions!.length, 50);
    const middle = await eu.send(new ListFunctionsCommand({ Marker: capped.NextMarker }));
    assert.deepEqual(
      middle.Functions!.map((f) => f.FunctionName),
      names.slice(50, 100),
    );
    const last = await eu.send(
      new ListFunctionsCommand({ MaxItems: 50, Marker: middle.NextMarker }),
    );
    assert.deepEqual(
      last.Functions!.map((f) => f.FunctionName),
      names.slice(100),
    );
    assert.equal(last.NextMarker, undefined);
    await rejectsWith(
      eu.send(new ListFunctionsCommand({ FunctionVersion: 'SOME' as 'ALL' })),
      LambdaServiceException,
      'ValidationException',
      "1 validation error detected: Value 'SOME' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]",
    );
    await rejectsWith(
      eu.send(new ListFunctionsCommand({ Marker: 'not a marker' })),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      /Marker/,
    );
  });

  test('FunctionVersion=ALL lists every version after its function, across pages', async () => {
    const ap = clientsFor(t.endpoint.url, t.endpoint.credentials, 'ap-south-1').lambda;
    try {
      await ap.send(new CreateFunctionCommand(createInput('all-a', { Publish: true })));
      await ap.send(new CreateFunctionCommand(createInput('all-b')));
      await ap.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'all-a', ZipFile: codeB, Publish: true }),
      );
      const latestOnly = await ap.send(new ListFunctionsCommand({}));
      assert.deepEqual(
        latestOnly.Functions!.map((f) => `${f.FunctionName}:${f.Version}`),
        ['all-a:$LATEST', 'all-b:$LATEST'],
      );
      const seen: FunctionConfiguration[] = [];
      for await (const page of paginateListFunctions(
        { client: ap, pageSize: 2 },
        { FunctionVersion: 'ALL' },
      ))
        seen.push(...page.Functions!);
      assert.deepEqual(
        seen.map((f) => `${f.FunctionName}:${f.Version}`),
        ['all-a:$LATEST', 'all-a:1', 'all-a:2', 'all-b:$LATEST'],
      );
      assert.equal(seen[1]!.FunctionArn, 'arn:aws:lambda:ap-south-1:123456789012:function:all-a:1');
      assert.equal(seen[1]!.CodeSha256, sha256(codeA));
    } finally {
      ap.destroy();
    }
  });
});

describe('versions and aliases', () => {
  test('PublishVersion publishes once per change; ListVersionsByFunction lists them', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('publish-me')));
    const v1 = await lambda.send(
      new PublishVersionCommand({ FunctionName: 'publish-me', Description: 'first' }),
    );
    assert.equal(v1.$metadata.httpStatusCode, 201);
    assert.equal(v1.Version, '1');
    assert.equal(v1.Description, 'first');
    assert.equal(v1.FunctionArn, arn('publish-me', '1'));
    const same = await lambda.send(new PublishVersionCommand({ FunctionName: 'publish-me' }));
    assert.equal(same.Version, '1', 'nothing changed: the newest version again');
    assert.equal(same.RevisionId, v1.RevisionId);
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'publish-me', ZipFile: codeB }),
    );
    await settled('publish-me');
    await rejectsWith(
      lambda.send(
        new PublishVersionCommand({ FunctionName: 'publish-me', CodeSha256: sha256(codeA) }),
      ),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      `CodeSHA256 (${sha256(codeA)}) is different from current CodeSHA256 in $LATEST (${sha256(codeB)}). Please try again with the CodeSHA256 in $LATEST.`,
    );
    const v2 = await lambda.send(
      new PublishVersionCommand({ FunctionName: 'publish-me', CodeSha256: sha256(codeB) }),
    );
    assert.equal(v2.Version, '2');
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'publish-me', MemorySize: 512 }),
    );
    await settled('publish-me');
    const v3 = await lambda.send(new PublishVersionCommand({ FunctionName: 'publish-me' }));
    assert.equal(v3.Version, '3');
    assert.equal(v3.MemorySize, 512);
    const list = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'publish-me' }),
    );
    assert.deepEqual(
      list.Versions!.map((v) => [v.Version, v.CodeSha256, v.MemorySize]),
      [
        ['$LATEST', sha256(codeB), 512],
        ['1', sha256(codeA), 128],
        ['2', sha256(codeB), 128],
        ['3', sha256(codeB), 512],
      ],
    );
    const paged = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'publish-me', MaxItems: 3 }),
    );
    assert.equal(paged.Versions!.length, 3);
    const rest = await lambda.send(
      new ListVersionsByFunctionCommand({
        FunctionName: 'publish-me',
        MaxItems: 3,
        Marker: paged.NextMarker,
      }),
    );
    assert.deepEqual(
      rest.Versions!.map((v) => v.Version),
      ['3'],
    );
    assert.equal(rest.NextMarker, undefined);
    // A published version keeps its code after $LATEST changes.
    const old = await lambda.send(
      new GetFunctionCommand({ FunctionName: 'publish-me', Qualifier: '1' }),
    );
    assert.deepEqual(
      Buffer.from(await (await fetch(old.Code!.Location!)).arrayBuffer()),
      Buffer.from(codeA),
    );
  });

  test('CreateAlias, GetAlias, UpdateAlias, ListAliases and DeleteAlias', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('alias-me', { Publish: true })));
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'alias-me', ZipFile: codeB, Publish: true }),
    );
    const created = await lambda.send(
      new CreateAliasCommand({
        FunctionName: 'alias-me',
        Name: 'live',
        FunctionVersion: '1',
        Description: 'production',
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.AliasArn, arn('alias-me', 'live'));
    assert.equal(created.FunctionVersion, '1');
    assert.equal(created.Description, 'production');
    assert.match(created.RevisionId!, UUID);
    await lambda.send(
      new CreateAliasCommand({
        FunctionName: 'alias-me',
        Name: 'beta',
        FunctionVersion: '$LATEST',
      }),
    );
    const got = await lambda.send(new GetAliasCommand({ FunctionName: 'alias-me', Name: 'live' }));
    assert.deepEqual({ ...got, $metadata: undefined }, { ...created, $metadata: undefined });

    const updated = await lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'alias-me',
        Name: 'live',
        FunctionVersion: '2',
        RevisionId: created.RevisionId,
        RoutingConfig: { AdditionalVersionWeights: { 1: 0.1 } },
      }),
    );
    assert.equal(updated.FunctionVersion, '2');
    assert.deepEqual(updated.RoutingConfig, { AdditionalVersionWeights: { 1: 0.1 } });
    assert.notEqual(updated.RevisionId, created.RevisionId);
    await rejectsWith(
      lambda.send(
        new UpdateAliasCommand({
          FunctionName: 'alias-me',
          Name: 'live',
          FunctionVersion: '1',
          RevisionId: created.RevisionId,
        }),
      ),
      PreconditionFailedException,
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    );

    const list = await lambda.send(new ListAliasesCommand({ FunctionName: 'alias-me' }));
    assert.deepEqual(
      list.Aliases!.map((a) => [a.Name, a.FunctionVersion]),
      [
        ['beta', '$LATEST'],
        ['live', '2'],
      ],
    );
    const forVersion = await lambda.send(
      new ListAliasesCommand({ FunctionName: 'alias-me', FunctionVersion: '2' }),
    );
    assert.deepEqual(
      forVersion.Aliases!.map((a) => a.Name),
      ['live'],
    );

    // A function configuration through the alias is the version it points to.
    const viaAlias = await lambda.send(
      new GetFunctionCommand({ FunctionName: 'alias-me', Qualifier: 'live' }),
    );
    assert.equal(viaAlias.Configuration!.CodeSha256, sha256(codeB));

    await rejectsWith(
      lambda.send(
        new CreateAliasCommand({ FunctionName: 'alias-me', Name: 'live', FunctionVersion: '1' }),
      ),
      ResourceConflictException,
      'ResourceConflictException',
      `Alias already exists: ${arn('alias-me', 'live')}`,
      409,
    );
    await rejectsWith(
      lambda.send(
        new CreateAliasCommand({ FunctionName: 'alias-me', Name: 'ghost', FunctionVersion: '9' }),
      ),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Function not found: ${arn('alias-me', '9')}`,
      404,
    );
    await rejectsWith(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'alias-me', Qualifier: '1' })),
      ResourceConflictException,
      'ResourceConflictException',
      'Unable to delete version because the following aliases reference it: [live]',
      409,
    );

    const deleted = await lambda.send(
      new DeleteAliasCommand({ FunctionName: 'alias-me', Name: 'live' }),
    );
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await rejectsWith(
      lambda.send(new GetAliasCommand({ FunctionName: 'alias-me', Name: 'live' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Cannot find alias arn: ${arn('alias-me', 'live')}`,
      404,
    );
  });
});

describe('tags, concurrency and account settings', () => {
  test('TagResource, ListTags and UntagResource on the function ARN', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('tag-me', { Tags: { a: '1' } })));
    await lambda.send(
      new TagResourceCommand({ Resource: arn('tag-me'), Tags: { b: '2', c: '3' } }),
    );
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn('tag-me') }))).Tags, {
      a: '1',
      b: '2',
      c: '3',
    });
    await lambda.send(new UntagResourceCommand({ Resource: arn('tag-me'), TagKeys: ['a', 'c'] }));
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn('tag-me') }))).Tags, {
      b: '2',
    });
    assert.deepEqual((await lambda.send(new GetFunctionCommand({ FunctionName: 'tag-me' }))).Tags, {
      b: '2',
    });
    await rejectsWith(
      lambda.send(new ListTagsCommand({ Resource: arn('tag-missing') })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Function not found: ${arn('tag-missing')}`,
      404,
    );
  });

  test('PutFunctionConcurrency, GetFunctionConcurrency and DeleteFunctionConcurrency', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('limit-me')));
    assert.equal(
      (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'limit-me' })))
        .ReservedConcurrentExecutions,
      undefined,
    );
    const put = await lambda.send(
      new PutFunctionConcurrencyCommand({
        FunctionName: 'limit-me',
        ReservedConcurrentExecutions: 10,
      }),
    );
    assert.equal(put.ReservedConcurrentExecutions, 10);
    assert.equal(
      (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'limit-me' })))
        .ReservedConcurrentExecutions,
      10,
    );
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    assert.ok(settings.AccountLimit!.UnreservedConcurrentExecutions! <= 1000 - 10);
    await rejectsWith(
      lambda.send(
        new PutFunctionConcurrencyCommand({
          FunctionName: 'limit-me',
          ReservedConcurrentExecutions: 950,
        }),
      ),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    );
    const deleted = await lambda.send(
      new DeleteFunctionConcurrencyCommand({ FunctionName: 'limit-me' }),
    );
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal(
      (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'limit-me' })))
        .ReservedConcurrentExecutions,
      undefined,
    );
  });

  test("GetAccountSettings gives the limits and this region's usage", async () => {
    const ca = clientsFor(t.endpoint.url, t.endpoint.credentials, 'ca-central-1').lambda;
    try {
      await ca.send(new CreateFunctionCommand(createInput('settings-a')));
      await ca.send(
        new CreateFunctionCommand(createInput('settings-b', { Code: { ZipFile: codeB } })),
      );
      const out = await ca.send(new GetAccountSettingsCommand({}));
      assert.deepEqual(out.AccountLimit, {
        TotalCodeSize: 80_530_636_800,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: 1000,
        UnreservedConcurrentExecutions: 1000,
      });
      assert.deepEqual(out.AccountUsage, {
        TotalCodeSize: codeA.length + codeB.length,
        FunctionCount: 2,
      });
    } finally {
      ca.destroy();
    }
  });
});

describe('waiters', () => {
  const fast = { maxWaitTime: 10, minDelay: 1, maxDelay: 1 };

  test('waitUntilFunctionActiveV2 after CreateFunction', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('wait-active')));
    const result = await waitUntilFunctionActiveV2(
      { client: lambda, ...fast },
      { FunctionName: 'wait-active' },
    );
    assert.equal(result.state, 'SUCCESS');
  });

  test('waitUntilFunctionUpdatedV2 after UpdateFunctionCode', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('wait-updated')));
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'wait-updated', ZipFile: codeB }),
    );
    const result = await waitUntilFunctionUpdatedV2(
      { client: lambda, ...fast },
      { FunctionName: 'wait-updated' },
    );
    assert.equal(result.state, 'SUCCESS');
  });

  test('waitUntilFunctionExists waits for a function created meanwhile', async () => {
    const waiting = waitUntilFunctionExists(
      { client: lambda, ...fast },
      { FunctionName: 'wait-exists' },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await lambda.send(new CreateFunctionCommand(createInput('wait-exists')));
    assert.equal((await waiting).state, 'SUCCESS');
  });
});

describe('validation errors', () => {
  const enumPrefix =
    "at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [";

  test('unknown and deprecated runtimes', async () => {
    await rejectsWith(
      lambda.send(
        new CreateFunctionCommand(createInput('bad-runtime', { Runtime: 'nodejs99.x' as never })),
      ),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      new RegExp(
        `^Value nodejs99\\.x ${escape(enumPrefix)}[^\\]]*nodejs20\\.x[^\\]]*\\] or be a valid ARN$`,
      ),
    );
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('old-runtime', { Runtime: 'nodejs16.x' }))),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      'The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
    );
  });

  test('MemorySize 127 and 10241', async () => {
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('mem-low', { MemorySize: 127 }))),
      LambdaServiceException,
      'ValidationException',
      "1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    );
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('mem-high', { MemorySize: 10241 }))),
      LambdaServiceException,
      'ValidationException',
      "1 validation error detected: Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240",
    );
  });

  test('Timeout 0 and 901, also on UpdateFunctionConfiguration', async () => {
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('timeout-low', { Timeout: 0 }))),
      LambdaServiceException,
      'ValidationException',
      "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('timeout-high', { Timeout: 901 }))),
      LambdaServiceException,
      'ValidationException',
      "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    );
    await lambda.send(new CreateFunctionCommand(createInput('timeout-update')));
    await rejectsWith(
      lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'timeout-update', Timeout: 901 }),
      ),
      LambdaServiceException,
      'ValidationException',
      "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    );
    assert.equal(
      (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'timeout-update' })))
        .Timeout,
      3,
    );
  });

  test('a bad function name', async () => {
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('bad name!'))),
      LambdaServiceException,
      'ValidationException',
      /^1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
    // AWS answers this one as InvalidParameterValueException (see fidelity.validation.test.ts).
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('x'.repeat(65)))),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      `1 validation error detected: Value '${'x'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  test('a handler with a space', async () => {
    await rejectsWith(
      lambda.send(
        new CreateFunctionCommand(createInput('bad-handler', { Handler: 'index handler' })),
      ),
      LambdaServiceException,
      'ValidationException',
      "1 validation error detected: Value 'index handler' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+",
    );
  });

  test('environment variables over 4 KB, and a reserved key', async () => {
    const big = { BIG: 'x'.repeat(4100) };
    await rejectsWith(
      lambda.send(
        new CreateFunctionCommand(createInput('env-big', { Environment: { Variables: big } })),
      ),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify(big)}`,
    );
    await rejectsWith(
      lambda.send(
        new CreateFunctionCommand(
          createInput('env-reserved', {
            Environment: { Variables: { AWS_REGION: 'eu-west-1', OK: '1' } },
          }),
        ),
      ),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION',
    );
  });

  test('an environment variable name of one letter, as AWS refuses it', async () => {
    await rejectsWith(
      lambda.send(
        new CreateFunctionCommand(
          createInput('env-short', { Environment: { Variables: { A: '1' } } }),
        ),
      ),
      LambdaServiceException,
      'ValidationException',
      "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
    );
  });

  test('a duplicate name, a missing function', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('twice')));
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('twice'))),
      ResourceConflictException,
      'ResourceConflictException',
      'Function already exist: twice',
      409,
    );
    await rejectsWith(
      lambda.send(new GetFunctionCommand({ FunctionName: 'never-made' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Function not found: ${arn('never-made')}`,
      404,
    );
    await rejectsWith(
      lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'never-made', ZipFile: codeA })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Function not found: ${arn('never-made')}`,
      404,
    );
  });

  test('bytes that are not a zip', async () => {
    const notZip = new TextEncoder().encode('this is not a zip file');
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('not-zip', { Code: { ZipFile: notZip } }))),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
    await lambda.send(new CreateFunctionCommand(createInput('zip-then-not')));
    await rejectsWith(
      lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'zip-then-not', ZipFile: notZip })),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
  });

  test('a zip over 50 MB is refused with the request size limit', async () => {
    // Random bytes stored without compression stay larger than 50 MB once zipped.
    const zip = zipSync({ 'blob.bin': [randomBytes(50 * MB + 1024), { level: 0 }] });
    assert.ok(zip.length > 50 * MB);
    await rejectsWith(
      lambda.send(new CreateFunctionCommand(createInput('too-big', { Code: { ZipFile: zip } }))),
      LambdaServiceException,
      'RequestEntityTooLargeException',
      'Request must be smaller than 69905067 bytes for the CreateFunction operation',
      413,
    );
    await lambda.send(new CreateFunctionCommand(createInput('too-big-update')));
    await rejectsWith(
      lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'too-big-update', ZipFile: zip })),
      LambdaServiceException,
      'RequestEntityTooLargeException',
      'Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation',
      413,
    );
    // The connection closed after the refusal; the client still works.
    await lambda.send(new GetFunctionCommand({ FunctionName: 'too-big-update' }));
  });

  test('a zip that unzips to more than 250 MB', async () => {
    const zip = deflatedZip('zeros.bin', new Uint8Array(260 * MB));
    assert.ok(zip.length < MB, `the bomb is ${zip.length} bytes`);
    await rejectsWith(
      lambda.send(
        new CreateFunctionCommand(createInput('too-big-unzipped', { Code: { ZipFile: zip } })),
      ),
      InvalidParameterValueException,
      'InvalidParameterValueException',
      'Unzipped size must be smaller than 262144000 bytes',
    );
    await rejectsWith(
      lambda.send(new GetFunctionCommand({ FunctionName: 'too-big-unzipped' })),
      ResourceNotFoundException,
      'ResourceNotFoundException',
      `Function not found: ${arn('too-big-unzipped')}`,
      404,
    );
  });

  test('an Invoke payload over 6 MB is RequestTooLargeException (413)', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('invoke-big')));
    await rejectsWith(
      lambda.send(
        new InvokeCommand({ FunctionName: 'invoke-big', Payload: Buffer.alloc(6 * MB + 1, 0x20) }),
      ),
      RequestTooLargeException,
      'RequestTooLargeException',
      'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
      413,
    );
  });

  test('an unknown operation is 404 UnknownOperationException', async () => {
    const url = new URL('/2015-03-31/no-such-thing', t.endpoint.url);
    const signer = new SignatureV4({
      credentials: t.endpoint.credentials,
      region: 'us-east-1',
      service: 'lambda',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers: { host: url.host },
      }),
    );
    const response = await fetch(url, { headers: signed.headers });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    assert.match(
      ((await response.json()) as { message: string }).message,
      /^Unknown operation GET \/2015-03-31\/no-such-thing/,
    );
  });
});

/**
 * A one-entry zip whose entry truly inflates to `data`, deflated by node's native zlib (fflate
 * takes several seconds over 260 MB; this takes about one).
 */
function deflatedZip(name: string, data: Uint8Array): Buffer {
  const compressed = deflateRawSync(data, { level: 9 });
  const fileName = Buffer.from(name);
  // Version needed, flags, method 8 (deflate), DOS time and date (1980-01-01), CRC-32, sizes.
  const fields = (header: Buffer, at: number) => {
    header.writeUInt16LE(20, at);
    header.writeUInt16LE(0, at + 2);
    header.writeUInt16LE(8, at + 4);
    header.writeUInt16LE(0, at + 6);
    header.writeUInt16LE(0x21, at + 8);
    header.writeUInt32LE(crc32(data), at + 10);
    header.writeUInt32LE(compressed.length, at + 14);
    header.writeUInt32LE(data.length, at + 18);
    header.writeUInt16LE(fileName.length, at + 22);
  };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  fields(local, 4);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  fields(central, 6);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(local.length + fileName.length + compressed.length, 16);
  return Buffer.concat([local, fileName, compressed, central, fileName, end]);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
