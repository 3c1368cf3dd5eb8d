// The same client-side checks against two servers: the local endpoint, and moto (an independent
// AWS implementation written by others against the real wire protocol, see
// /work/shared/notes/moto.md). A check that passes on both is less likely to share a mistake
// with the server it was written next to. Where moto_server is not installed, its tests skip.
// The checks stay away from what moto does unlike AWS (paging with MaxItems, validation,
// filter patterns beyond bare terms, Invoke).
import { after, before, describe, test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  ListAliasesCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException as LogsResourceNotFoundException,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { clientsFor, NODE_HELLO, startTestEndpoint, zipOf, type TestEndpoint } from './endpoint';
import {
  MOTO_ACCOUNT as ACCOUNT,
  MOTO_CREDENTIALS,
  startMotoServer,
  type MotoServer,
} from './moto';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');
const codeA = zipOf({ 'index.js': NODE_HELLO });
const codeB = zipOf({ 'index.js': `${NODE_HELLO}// B\n` });

interface Server {
  readonly lambda: LambdaClient;
  readonly logs: CloudWatchLogsClient;
  /** An execution role the server accepts (moto wants one that exists in its IAM). */
  readonly role: string;
}

// ---------------------------------------------------------------------------------------------
// The checks, written once for any Lambda/Logs-compatible server.

const checks: Record<string, (server: Server) => Promise<void>> = {
  async 'CreateFunction then GetFunction'({ lambda, role }) {
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'same-create',
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: codeA },
        MemorySize: 256,
        Timeout: 10,
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.FunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:same-create`);
    assert.equal(created.CodeSha256, sha256(codeA));
    assert.equal(created.CodeSize, codeA.length);
    assert.equal(created.Version, '$LATEST');
    await waitUntilFunctionActiveV2(
      { client: lambda, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { FunctionName: 'same-create' },
    );
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'same-create' }));
    assert.equal(got.Configuration!.FunctionName, 'same-create');
    assert.equal(got.Configuration!.Runtime, 'nodejs20.x');
    assert.equal(got.Configuration!.Handler, 'index.handler');
    assert.equal(got.Configuration!.MemorySize, 256);
    assert.equal(got.Configuration!.Timeout, 10);
    assert.equal(got.Configuration!.CodeSha256, sha256(codeA));
    assert.equal(got.Configuration!.State, 'Active');
    assert.equal(got.Configuration!.Role, role);
    assert.equal(typeof got.Code!.Location, 'string');
  },

  async 'UpdateFunctionCode and UpdateFunctionConfiguration'({ lambda, role }) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'same-update',
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: codeA },
      }),
    );
    const updated = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'same-update', ZipFile: codeB }),
    );
    assert.equal(updated.CodeSha256, sha256(codeB), 'CodeSha256 is the base64 SHA-256 of the zip');
    assert.equal(updated.CodeSize, codeB.length);
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { FunctionName: 'same-update' },
    );
    const configured = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'same-update',
        MemorySize: 512,
        Description: 'bigger',
      }),
    );
    assert.equal(configured.MemorySize, 512);
    assert.equal(configured.Description, 'bigger');
    assert.equal(configured.CodeSha256, sha256(codeB));
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'same-update' }));
    assert.equal(got.Configuration!.CodeSha256, sha256(codeB));
    assert.equal(got.Configuration!.MemorySize, 512);
  },

  async 'PublishVersion and ListVersionsByFunction'({ lambda, role }) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'same-publish',
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: codeA },
      }),
    );
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'same-publish' }));
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:same-publish:1`);
    assert.equal(v1.CodeSha256, sha256(codeA));
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'same-publish', ZipFile: codeB }),
    );
    // As a deploy tool does: publish once the update is done (a second change meanwhile is a 409, as on AWS).
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 30, minDelay: 1 },
      { FunctionName: 'same-publish' },
    );
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: 'same-publish' }));
    assert.equal(v2.Version, '2');
    assert.equal(v2.CodeSha256, sha256(codeB));
    const versions = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'same-publish' }),
    );
    assert.deepEqual(
      versions.Versions!.map((v) => v.Version),
      ['$LATEST', '1', '2'],
    );
    const old = await lambda.send(
      new GetFunctionCommand({ FunctionName: 'same-publish', Qualifier: '1' }),
    );
    assert.equal(old.Configuration!.CodeSha256, sha256(codeA));
  },

  async aliases({ lambda, role }) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'same-alias',
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: codeA },
        Publish: true,
      }),
    );
    const created = await lambda.send(
      new CreateAliasCommand({
        FunctionName: 'same-alias',
        Name: 'live',
        FunctionVersion: '1',
        Description: 'prod',
      }),
    );
    assert.equal(created.AliasArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:same-alias:live`);
    assert.equal(created.FunctionVersion, '1');
    const got = await lambda.send(
      new GetAliasCommand({ FunctionName: 'same-alias', Name: 'live' }),
    );
    assert.equal(got.Description, 'prod');
    const updated = await lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'same-alias',
        Name: 'live',
        FunctionVersion: '$LATEST',
      }),
    );
    assert.equal(updated.FunctionVersion, '$LATEST');
    const listed = await lambda.send(new ListAliasesCommand({ FunctionName: 'same-alias' }));
    assert.deepEqual(
      listed.Aliases!.map((a) => [a.Name, a.FunctionVersion]),
      [['live', '$LATEST']],
    );
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'same-alias', Name: 'live' }));
    await assert.rejects(
      lambda.send(new GetAliasCommand({ FunctionName: 'same-alias', Name: 'live' })),
      ResourceNotFoundException,
    );
  },

  async tags({ lambda, role }) {
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'same-tags',
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: codeA },
        Tags: { a: '1' },
      }),
    );
    const arn = created.FunctionArn!;
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { b: '2' } }));
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, {
      a: '1',
      b: '2',
    });
    await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['a'] }));
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, { b: '2' });
    assert.deepEqual(
      (await lambda.send(new GetFunctionCommand({ FunctionName: 'same-tags' }))).Tags,
      { b: '2' },
    );
  },

  async 'DeleteFunction and the typed errors'({ lambda, role }) {
    const input = {
      FunctionName: 'same-delete',
      Runtime: 'nodejs20.x' as const,
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: codeA },
    };
    await lambda.send(new CreateFunctionCommand(input));
    await assert.rejects(lambda.send(new CreateFunctionCommand(input)), (error: unknown) => {
      assert.ok(error instanceof ResourceConflictException, String(error));
      assert.equal(error.$metadata.httpStatusCode, 409);
      assert.match(error.message, /same-delete/);
      return true;
    });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'same-delete' }));
    await assert.rejects(
      lambda.send(new GetFunctionCommand({ FunctionName: 'same-delete' })),
      (error: unknown) => {
        assert.ok(error instanceof ResourceNotFoundException, String(error));
        assert.equal(error.$metadata.httpStatusCode, 404);
        assert.equal(
          error.message,
          `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:same-delete`,
        );
        return true;
      },
    );
  },

  async 'Logs: create, put, get and filter with a bare term'({ logs }) {
    const group = '/aws/lambda/same-logs';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await assert.rejects(
      logs.send(new CreateLogGroupCommand({ logGroupName: group })),
      ResourceAlreadyExistsException,
    );
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'b' }));
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'a',
        logEvents: [
          { timestamp: now - 3000, message: 'START RequestId: 1 Version: $LATEST' },
          { timestamp: now - 2000, message: 'ERROR something broke' },
          {
            timestamp: now - 1000,
            message:
              'REPORT RequestId: 1\tDuration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\t',
          },
        ],
      }),
    );
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'b',
        logEvents: [{ timestamp: now - 1500, message: 'ERROR again' }],
      }),
    );
    const got = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'a', startFromHead: true }),
    );
    assert.deepEqual(
      got.events!.map((e) => [e.timestamp, e.message]),
      [
        [now - 3000, 'START RequestId: 1 Version: $LATEST'],
        [now - 2000, 'ERROR something broke'],
        [
          now - 1000,
          'REPORT RequestId: 1\tDuration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\t',
        ],
      ],
    );
    const errors = await logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'ERROR' }),
    );
    assert.deepEqual(
      errors.events!.map((e) => [e.logStreamName, e.message]),
      [
        ['a', 'ERROR something broke'],
        ['b', 'ERROR again'],
      ],
    );
    const reports = await logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'REPORT' }),
    );
    assert.equal(reports.events!.length, 1);
    await assert.rejects(
      logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'missing' })),
      LogsResourceNotFoundException,
    );
  },
};

describe('against moto', () => {
  let skipReason: string | undefined;
  let moto: MotoServer | undefined;
  let server: Server | undefined;

  before(async () => {
    const started = await startMotoServer();
    if ('skip' in started) {
      skipReason = started.skip;
      return;
    }
    moto = started;
    server = { ...clientsFor(moto.url, MOTO_CREDENTIALS), role: moto.role };
  });

  after(async () => {
    server?.lambda.destroy();
    server?.logs.destroy();
    await moto?.close();
  });

  for (const [name, check] of Object.entries(checks)) {
    test(name, async (t: TestContext) => {
      if (!server) {
        t.skip(skipReason);
        return;
      }
      await check(server);
    });
  }
});

describe('against the local endpoint', () => {
  let local: TestEndpoint;
  before(async () => {
    local = await startTestEndpoint();
  });
  after(async () => {
    await local?.close();
  });

  for (const [name, check] of Object.entries(checks)) {
    test(name, () =>
      check({
        lambda: local.lambda,
        logs: local.logs,
        role: `arn:aws:iam::${ACCOUNT}:role/lambda-lens-test`,
      }),
    );
  }
});
