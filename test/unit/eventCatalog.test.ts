// The event catalog: everything generates, matches what AWS sends where it can be recomputed
// (MD5 of SQS bodies, base64 and gzip data, ARNs, timestamps), and refuses bad input clearly.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type {
  CloudWatchLogsEvent,
  FirehoseTransformationEvent,
  KinesisStreamEvent,
  MSKEvent,
  SQSEvent,
  S3Event,
  DynamoDBStreamEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayRequestAuthorizerEvent,
  S3BatchEvent,
  ConnectContactFlowEvent,
  ALBEvent,
} from 'aws-lambda';
import { parseArn } from '../../src/core/arn';
import {
  checkEventParameter,
  describeEvent,
  generateEvent,
  listEventServices,
} from '../../src/core/events/catalog';
import { EventCatalogError } from '../../src/core/events/eventError';
import type { GenerationSources } from '../../src/core/events/eventGeneration';

const NOW = new Date('2026-03-04T05:06:07.089Z');
/** A fixed clock and a counter for randomness: the same event every time. */
function fixed(now = NOW, seed = 0): GenerationSources {
  let n = seed;
  return {
    now: () => now,
    randomBytes: (size) => Uint8Array.from({ length: size }, () => (n = (n * 31 + 7) % 251)),
  };
}

/** sam local generate-event's services and events (AWS SAM CLI; aws-facts.md). */
const SAM_CATALOG: Record<string, string[]> = {
  'alexa-skills-kit': [
    'end-session',
    'intent-answer',
    'intent-getnewfact',
    'intent-mycoloris',
    'intent-recipe',
    'start-session',
  ],
  'alexa-smart-home': [
    'smart-home-control-turn-off-request',
    'smart-home-control-turn-on-request',
    'smart-home-discovery-request',
  ],
  alb: ['request'],
  apigateway: ['authorizer', 'request-authorizer', 'aws-proxy', 'http-api-proxy'],
  appsync: ['resolver'],
  batch: ['get-job', 'submit-job'],
  cloudformation: ['create-request'],
  cloudfront: [
    'ab-test',
    'access-request-in-response',
    'http-redirect',
    'modify-querystring',
    'modify-response-header',
    'multiple-remote-calls-aggregate-response',
    'normalize-querystring-to-improve-cache-hit',
    'redirect-on-viewer-country',
    'redirect-unauthenticated-users',
    'response-generation',
    'serve-object-on-viewer-device',
    'simple-remote-call',
  ],
  codecommit: ['repository'],
  codepipeline: ['job'],
  cognito: ['sync-trigger'],
  config: ['item-change-notification', 'oversized-item-change-notification', 'periodic-rule'],
  connect: ['contact-flow-event'],
  dynamodb: ['update'],
  cloudwatch: ['logs', 'scheduled-event'],
  kinesis: [
    'get-records',
    'streams-as-source',
    'kinesis-firehose',
    'analytics',
    'analytics-compressed',
    'analytics-dynamodb',
    'analytics-kpl',
    'apachelog',
    'syslog',
    'cloudwatch-logs-processor',
  ],
  lex: ['book-car', 'book-hotel', 'make-appointment', 'order-flowers'],
  'lex-v2': ['banking-bot', 'book-car', 'book-hotel'],
  rekognition: ['s3-request'],
  s3: ['put', 'delete', 'batch-invocation'],
  sagemaker: ['ground-truth-pre-human', 'ground-truth-annotation-consolidation'],
  ses: ['email-receiving'],
  sns: ['notification'],
  sqs: ['receive-message'],
  stepfunctions: ['error'],
  workmail: ['email'],
};
const BEYOND_SAM: Record<string, string[]> = {
  eventbridge: ['event'],
  sqs: ['receive-message-fifo'],
  kafka: ['msk', 'self-managed'],
  lambda: ['function-url'],
  apigateway: ['websocket-connect', 'websocket-message', 'websocket-disconnect'],
  'cognito-user-pool': ['pre-sign-up', 'post-confirmation', 'pre-token-generation'],
  s3: [
    'object-created-put',
    'object-created-post',
    'object-created-copy',
    'object-created-complete-multipart-upload',
    'object-removed-delete',
    'object-removed-delete-marker-created',
  ],
  dynamodb: ['insert', 'modify', 'remove'],
};

function allEvents(): { service: string; event: string }[] {
  return listEventServices().flatMap((s) =>
    s.events.map((e) => ({ service: s.service, event: e.event })),
  );
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

test('the catalog holds all 68 events of sam local generate-event and the ones it lacks', () => {
  const have = new Set(allEvents().map((e) => `${e.service} ${e.event}`));
  const wanted = [SAM_CATALOG, BEYOND_SAM].flatMap((c) =>
    Object.entries(c).flatMap(([s, es]) => es.map((e) => `${s} ${e}`)),
  );
  assert.equal(Object.values(SAM_CATALOG).flat().length, 68);
  assert.deepEqual(
    wanted.filter((w) => !have.has(w)),
    [],
  );
});

test('every event generates with its defaults, as JSON, the same twice with the same clock and randomness', () => {
  for (const { service, event } of allEvents()) {
    const first = generateEvent(service, event, {}, fixed());
    assert.ok(first && typeof first === 'object', `${service} ${event}`);
    assert.deepEqual(JSON.parse(JSON.stringify(first)), first, `${service} ${event} is plain JSON`);
    assert.deepEqual(
      generateEvent(service, event, {}, fixed()),
      first,
      `${service} ${event} is deterministic`,
    );
  }
});

test('events carry fresh timestamps and ids: only the ones AWS sends without any are the same twice', () => {
  const later = new Date(NOW.getTime() + 86_400_000);
  const same = allEvents().filter(
    ({ service, event }) =>
      JSON.stringify(generateEvent(service, event, {}, fixed())) ===
      JSON.stringify(generateEvent(service, event, {}, fixed(later, 99))),
  );
  assert.deepEqual(
    same.map((e) => `${e.service} ${e.event}`),
    [
      'apigateway authorizer',
      'batch get-job',
      'batch submit-job',
      'cognito-user-pool pre-sign-up',
      'lex book-car',
      'lex book-hotel',
      'lex make-appointment',
      'lex order-flowers',
      'sagemaker ground-truth-pre-human',
      'stepfunctions error',
    ],
  );
});

test('every event declares its parameters with a description and a default', () => {
  for (const { service, event } of allEvents()) {
    const info = describeEvent(service, event);
    assert.ok(info.description.length > 5, `${service} ${event}`);
    for (const p of info.parameters)
      assert.ok(p.description && typeof p.default === 'string', `${service} ${event} ${p.name}`);
  }
});

test('every ARN in every event parses and carries the requested partition, region and account', () => {
  const location = { region: 'cn-north-1', account: '210987654321' };
  let checked = 0;
  for (const { service, event } of allEvents()) {
    const names = new Set(describeEvent(service, event).parameters.map((p) => p.name));
    const values = Object.fromEntries(Object.entries(location).filter(([k]) => names.has(k)));
    for (const text of strings(generateEvent(service, event, values, fixed()))) {
      for (const candidate of text.match(/arn:aws[^\s"',;?]*/g) ?? []) {
        if (candidate.includes('%3A')) continue; // URL-encoded inside a presigned URL
        const arn = parseArn(candidate);
        assert.ok(arn, `${service} ${event}: ${candidate} parses`);
        checked += 1;
        if (!names.has('region')) continue;
        assert.equal(arn.partition, 'aws-cn', `${service} ${event}: ${candidate}`);
        if (arn.region) assert.equal(arn.region, 'cn-north-1', `${service} ${event}: ${candidate}`);
        if (arn.account && names.has('account'))
          assert.equal(arn.account, '210987654321', `${service} ${event}: ${candidate}`);
      }
    }
  }
  assert.ok(checked > 60, `checked ${checked} ARNs`);
});

test('SQS md5OfBody is the MD5 of the body, for standard and FIFO queues', () => {
  const body = '{"order":42,"note":"ünïcode ✓"}';
  for (const event of ['receive-message', 'receive-message-fifo']) {
    const sqs = generateEvent('sqs', event, { body }) as SQSEvent;
    const record = sqs.Records[0]!;
    assert.equal(record.body, body);
    assert.equal(record.md5OfBody, createHash('md5').update(body).digest('hex'));
    assert.equal(
      parseArn(record.eventSourceARN)?.resource,
      event.endsWith('fifo') ? 'MyQueue.fifo' : 'MyQueue',
    );
  }
  const fifo = (generateEvent('sqs', 'receive-message-fifo', { group: 'g7' }) as SQSEvent)
    .Records[0]!;
  assert.equal(fifo.attributes.MessageGroupId, 'g7');
  assert.match(fifo.attributes.SequenceNumber ?? '', /^\d{20}$/);
});

test('Kinesis, Firehose and Kafka data are the base64 of the text; CloudWatch Logs data is gzip then base64', () => {
  const data = 'Hello, Kinesis ✓';
  const kinesis = (generateEvent('kinesis', 'get-records', { data }) as KinesisStreamEvent)
    .Records[0]!;
  assert.equal(Buffer.from(kinesis.kinesis.data, 'base64').toString('utf8'), data);
  assert.equal(kinesis.eventID, `shardId-000000000000:${kinesis.kinesis.sequenceNumber}`);
  const firehose = generateEvent('kinesis', 'kinesis-firehose', {
    data,
  }) as FirehoseTransformationEvent;
  assert.equal(Buffer.from(firehose.records[0]!.data, 'base64').toString('utf8'), data);
  const msk = generateEvent('kafka', 'msk', { topic: 'orders', value: data }) as MSKEvent;
  assert.equal(Buffer.from(msk.records['orders-0']![0]!.value, 'base64').toString('utf8'), data);
  const logs = generateEvent(
    'cloudwatch',
    'logs',
    { message: 'a log line' },
    fixed(),
  ) as CloudWatchLogsEvent;
  const decoded = JSON.parse(gunzipSync(Buffer.from(logs.awslogs.data, 'base64')).toString('utf8'));
  assert.equal(decoded.logEvents[0].message, 'a log line');
  assert.equal(decoded.logEvents[0].timestamp, NOW.getTime());
});

test("timestamps and request ids come in AWS's formats from the injected clock", () => {
  const s3 = (
    generateEvent(
      's3',
      'put',
      { key: 'photos/my cat.jpg', bucket: 'my-bucket' },
      fixed(),
    ) as S3Event
  ).Records[0]!;
  assert.equal(s3.eventTime, '2026-03-04T05:06:07.089Z');
  assert.equal(s3.s3.object.key, 'photos/my+cat.jpg');
  assert.equal(s3.s3.bucket.arn, 'arn:aws:s3:::my-bucket');
  assert.match(s3.responseElements['x-amz-request-id'], /^[0-9A-F]{16}$/);
  const rest = generateEvent(
    'apigateway',
    'aws-proxy',
    { method: 'GET', path: '/items/7', query: 'a=1&a=2&b=x', headers: '{"X-Api-Key":"k"}' },
    fixed(),
  ) as APIGatewayProxyEvent;
  assert.equal(rest.requestContext.requestTime, '04/Mar/2026:05:06:07 +0000');
  assert.equal(rest.requestContext.requestTimeEpoch, NOW.getTime());
  assert.match(
    rest.requestContext.requestId,
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.deepEqual(rest.queryStringParameters, { a: '2', b: 'x' });
  assert.deepEqual(rest.multiValueQueryStringParameters, { a: ['1', '2'], b: ['x'] });
  assert.equal(rest.headers['X-Api-Key'], 'k');
  assert.deepEqual(rest.pathParameters, { proxy: 'items/7' });
  const http = generateEvent(
    'apigateway',
    'http-api-proxy',
    { query: 'a=1&a=2' },
    fixed(),
  ) as APIGatewayProxyEventV2;
  assert.equal(http.queryStringParameters?.a, '1,2');
  assert.deepEqual(http.pathParameters, { proxy: 'path/to/resource' });
  assert.equal(http.requestContext.timeEpoch, NOW.getTime());
  const url = generateEvent('lambda', 'function-url', {
    region: 'eu-west-1',
  }) as APIGatewayProxyEventV2;
  assert.match(url.requestContext.domainName, /\.lambda-url\.eu-west-1\.on\.aws$/);
  const scheduled = generateEvent('cloudwatch', 'scheduled-event', {}, fixed()) as { time: string };
  assert.equal(scheduled.time, '2026-03-04T05:06:07Z');
});

test('DynamoDB stream records carry marshalled images for INSERT, MODIFY and REMOVE', () => {
  const newItem = '{"pk":"u#1","n":3,"ok":true,"tags":["a"],"nested":{"x":null}}';
  const insert = (
    generateEvent('dynamodb', 'insert', { keyName: 'pk', newItem }) as DynamoDBStreamEvent
  ).Records[0]!;
  assert.equal(insert.eventName, 'INSERT');
  assert.deepEqual(insert.dynamodb?.Keys, { pk: { S: 'u#1' } });
  assert.deepEqual(insert.dynamodb?.NewImage, {
    pk: { S: 'u#1' },
    n: { N: '3' },
    ok: { BOOL: true },
    tags: { L: [{ S: 'a' }] },
    nested: { M: { x: { NULL: true } } },
  });
  assert.equal(insert.dynamodb?.OldImage, undefined);
  const remove = (generateEvent('dynamodb', 'remove') as DynamoDBStreamEvent).Records[0]!;
  assert.equal(remove.eventName, 'REMOVE');
  assert.ok(remove.dynamodb?.OldImage && !remove.dynamodb.NewImage);
  const update = generateEvent('dynamodb', 'update') as DynamoDBStreamEvent;
  assert.deepEqual(
    update.Records.map((r) => r.eventName),
    ['INSERT', 'MODIFY', 'REMOVE'],
  );
});

test('bad requests are refused with a message that names what to pass', () => {
  const refuses = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof EventCatalogError && pattern.test(e.message));
  refuses(() => generateEvent('s4', 'put'), /unknown service "s4"; pass one of: .*s3/);
  refuses(() => generateEvent('s3', 'upload'), /unknown s3 event "upload"; pass one of: .*put/);
  refuses(
    () => generateEvent('s3', 'put', { colour: 'red' }),
    /no parameter "colour"; pass any of: .*bucket/,
  );
  refuses(
    () => generateEvent('sqs', 'receive-message', { account: '12ab' }),
    /account must be a 12-digit AWS account id/,
  );
  refuses(
    () => generateEvent('eventbridge', 'event', { detail: '{"broken"' }),
    /detail must be JSON/,
  );
  refuses(
    () => generateEvent('eventbridge', 'event', { detail: '[1]' }),
    /detail must be a JSON object/,
  );
  refuses(
    () => generateEvent('sqs', 'receive-message', { region: 'moon' }),
    /region must be a region name/,
  );
  refuses(
    () => generateEvent('sqs', 'receive-message', { region: 'cn-north-1', partition: 'aws' }),
    /pass partition aws-cn/,
  );
  refuses(
    () => generateEvent('sqs', 'receive-message-fifo', { queue: 'plain' }),
    /FIFO queue, ending in \.fifo/,
  );
  refuses(
    () => generateEvent('apigateway', 'aws-proxy', { headers: '{"a":1}' }),
    /headers must be a JSON object of header names to string values/,
  );
  refuses(
    () => generateEvent('apigateway', 'aws-proxy', { path: 'no-slash' }),
    /path must be a path starting with \//,
  );
  refuses(() => generateEvent('s3', 'put', { size: '-1' }), /size must be a whole number/);
  refuses(
    () => generateEvent('s3', 'put', { bucket: 'Bad_Bucket' }),
    /bucket must be an S3 bucket name/,
  );
  refuses(
    () => generateEvent('dynamodb', 'insert', { newItem: '{"x":1}' }),
    /no "Id" attribute; pass keyName/,
  );
  refuses(
    () => generateEvent('sqs', 'receive-message', { body: 'x'.repeat(6 * 1024 * 1024 + 1) }),
    /at most 6 MB/,
  );
  refuses(() => generateEvent('s3', 'put', { toString: 'x' }), /no parameter "toString"/);
  refuses(
    () => generateEvent('eventbridge', 'event', { resources: '{"a":1}' }),
    /resources must be a JSON array of strings/,
  );
});

test('checkEventParameter checks one value for a form, and errors name their parameter', () => {
  assert.equal(checkEventParameter('s3', 'put', 'bucket', 'my-bucket'), undefined);
  assert.match(
    checkEventParameter('s3', 'put', 'bucket', 'No') ?? '',
    /bucket must be an S3 bucket name/,
  );
  assert.match(checkEventParameter('s3', 'put', 'nope', 'x') ?? '', /no parameter "nope"/);
  assert.throws(
    () => generateEvent('sqs', 'receive-message', { account: '1' }),
    (e: unknown) => e instanceof EventCatalogError && e.parameter === 'account',
  );
});

test('untrusted names stay data: a query parameter or header called __proto__', () => {
  const rest = generateEvent('apigateway', 'aws-proxy', {
    query: '__proto__=1&__proto__=2',
    headers: '{"__proto__":"x"}',
  }) as APIGatewayProxyEvent;
  assert.deepEqual(Object.entries(rest.queryStringParameters ?? {}), [['__proto__', '2']]);
  assert.deepEqual(Object.entries(rest.multiValueQueryStringParameters ?? {}), [
    ['__proto__', ['1', '2']],
  ]);
  assert.equal(Object.getOwnPropertyDescriptor(rest.headers, '__proto__')?.value, 'x');
});

test('the partition follows the region unless given', () => {
  const sqs = generateEvent('sqs', 'receive-message', { region: 'us-gov-west-1' }) as SQSEvent;
  assert.equal(parseArn(sqs.Records[0]!.eventSourceARN)?.partition, 'aws-us-gov');
});

test('REST API events: stage variables (null when the stage has none), the API key and the mutual-TLS certificate as chosen', () => {
  const plain = generateEvent('apigateway', 'aws-proxy', {
    stageVariables: '{}',
  }) as APIGatewayProxyEvent;
  assert.equal(plain.stageVariables, null);
  assert.equal(plain.requestContext.identity.apiKey, null);
  assert.equal(plain.requestContext.identity.clientCert, null);
  assert.equal(plain.headers['x-api-key'], undefined);

  const keyed = generateEvent('apigateway', 'aws-proxy', {
    stageVariables: '{"env":"test","weight":3}',
    apiKey: 'abc123abc123abc123abc',
    mtls: 'on',
  }) as APIGatewayProxyEvent;
  assert.deepEqual(keyed.stageVariables, { env: 'test', weight: '3' });
  assert.equal(keyed.headers['x-api-key'], 'abc123abc123abc123abc');
  assert.equal(keyed.requestContext.identity.apiKey, 'abc123abc123abc123abc');
  assert.match(keyed.requestContext.identity.apiKeyId ?? '', /^\w{10}$/);
  assert.match(keyed.requestContext.identity.clientCert?.serialNumber ?? '', /^([0-9a-f]{2}:)+/);

  // An authorizer runs before API Gateway looks the key up: the key, not yet its id.
  const authorizer = generateEvent('apigateway', 'request-authorizer', {
    headers: '{"X-Api-Key":"given"}',
    apiKey: 'given',
  }) as APIGatewayRequestAuthorizerEvent;
  assert.equal(authorizer.requestContext.identity.apiKey, 'given');
  assert.equal(authorizer.requestContext.identity.apiKeyId, null);
  assert.deepEqual(
    Object.keys(authorizer.headers ?? {}).filter((k) => k.toLowerCase() === 'x-api-key'),
    ['X-Api-Key'],
  );
  assert.deepEqual(authorizer.stageVariables, { environment: 'test' });
  assert.ok(authorizer.requestContext.identity.clientCert);
});

test('an S3 Batch Operations task names the object version its manifest lists, or null when it lists keys only', () => {
  const task = (versioned: string) =>
    (generateEvent('s3', 'batch-invocation', { versioned }) as S3BatchEvent).tasks[0]!;
  assert.match(task('on').s3VersionId ?? '', /^\w{32}$/);
  assert.equal(task('off').s3VersionId, null);
});

test('a Connect contact: its queue or null before one is set, its audio stream or null before media streaming starts', () => {
  const contact = (values: Record<string, string>) =>
    (generateEvent('connect', 'contact-flow-event', values, fixed()) as ConnectContactFlowEvent)
      .Details.ContactData;
  const streaming = contact({ queue: 'Support' });
  assert.equal(streaming.Queue?.Name, 'Support');
  assert.equal(parseArn(streaming.Queue?.ARN ?? '')?.service, 'connect');
  const audio = streaming.MediaStreams.Customer.Audio;
  assert.match(audio?.StartFragmentNumber ?? '', /^\d{47}$/);
  assert.equal(audio?.StartTimestamp, String(NOW.getTime() - 5_000));
  assert.equal(parseArn(audio?.StreamARN ?? '')?.service, 'kinesisvideo');
  const early = contact({ queue: '', mediaStreaming: 'off' });
  assert.equal(early.Queue, null);
  assert.equal(early.MediaStreams.Customer.Audio, null);
});

test('an Alexa skill session carries the attributes the skill kept, and none when it is new', () => {
  const session = (event: string, values: Record<string, string> = {}) =>
    (generateEvent('alexa-skills-kit', event, values) as { session: { attributes: unknown } })
      .session.attributes;
  assert.deepEqual(session('start-session'), {});
  assert.ok(
    !describeEvent('alexa-skills-kit', 'start-session').parameters.some(
      (p) => p.name === 'attributes',
    ),
  );
  assert.deepEqual(session('intent-recipe', { attributes: '{"step":2}' }), { step: 2 });
  assert.equal((session('intent-answer') as { STATE: string }).STATE, '_TRIVIAMODE');
});

test('a WebSocket $connect carries the upgrade request: its headers, its query and the caller', () => {
  const connect = generateEvent(
    'apigateway',
    'websocket-connect',
    { query: 'token=abc&room=1&room=2', headers: '{"Authorization":"Bearer t"}' },
    fixed(),
  ) as {
    headers: Record<string, string>;
    multiValueHeaders: Record<string, string[]>;
    queryStringParameters: Record<string, string>;
    multiValueQueryStringParameters: Record<string, string[]>;
    requestContext: { identity: { sourceIp: string } };
  };
  assert.equal(connect.headers.Host, '1234567890.execute-api.us-east-1.amazonaws.com');
  assert.equal(connect.headers['Sec-WebSocket-Version'], '13');
  assert.match(connect.headers['Sec-WebSocket-Key'] ?? '', /^[A-Za-z0-9+/]{22}==$/);
  assert.match(connect.headers['X-Amzn-Trace-Id'] ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  assert.equal(connect.headers.Authorization, 'Bearer t');
  assert.deepEqual(connect.multiValueHeaders.Authorization, ['Bearer t']);
  assert.deepEqual(connect.queryStringParameters, { token: 'abc', room: '2' });
  assert.deepEqual(connect.multiValueQueryStringParameters.room, ['1', '2']);
  assert.equal(connect.requestContext.identity.sourceIp, '127.0.0.1');

  const message = generateEvent('apigateway', 'websocket-message') as Record<string, unknown>;
  assert.equal(message.headers, undefined, 'only the upgrade request has headers');
  const noQuery = generateEvent('apigateway', 'websocket-connect', { query: '' }) as Record<
    string,
    unknown
  >;
  assert.equal(noQuery.queryStringParameters, undefined);
});

test("HTTP events carry the trace id their front end adds; a REST API keeps the header case the client sent, and its edge-optimized endpoint adds CloudFront's headers", () => {
  const TRACE = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/;
  const edge = generateEvent('apigateway', 'aws-proxy', {
    headers: '{"x-custom":"1"}',
  }) as APIGatewayProxyEvent;
  assert.match(edge.headers['X-Amzn-Trace-Id'] ?? '', TRACE);
  assert.equal(edge.headers.Host, '1234567890.execute-api.us-east-1.amazonaws.com');
  assert.equal(edge.headers['User-Agent'], 'curl/8.5.0');
  assert.equal(edge.headers['x-custom'], '1', "the client's own header keeps its case");
  assert.equal(edge.headers['CloudFront-Viewer-Country'], 'US');
  assert.match(edge.headers.Via ?? '', /^2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
  assert.match(edge.headers['X-Amz-Cf-Id'] ?? '', /^[\w-]{54}==$/);
  assert.match(edge.headers['X-Forwarded-For'] ?? '', /^127\.0\.0\.1, \d+\.\d+\.\d+\.\d+$/);
  assert.deepEqual(edge.multiValueHeaders.Via, [edge.headers.Via]);

  const regional = generateEvent('apigateway', 'aws-proxy', {
    endpointType: 'regional',
  }) as APIGatewayProxyEvent;
  assert.equal(regional.headers['CloudFront-Viewer-Country'], undefined);
  assert.equal(regional.headers.Via, undefined);
  assert.equal(regional.headers['X-Forwarded-For'], '127.0.0.1');
  assert.match(regional.headers['X-Amzn-Trace-Id'] ?? '', TRACE);

  const authorizer = generateEvent(
    'apigateway',
    'request-authorizer',
  ) as APIGatewayRequestAuthorizerEvent;
  assert.match(authorizer.headers?.['X-Amzn-Trace-Id'] ?? '', TRACE);
  const httpApi = generateEvent('apigateway', 'http-api-proxy') as APIGatewayProxyEventV2;
  assert.match(httpApi.headers['x-amzn-trace-id'] ?? '', TRACE);
  const alb = generateEvent('alb', 'request') as ALBEvent;
  assert.match(alb.headers?.['x-amzn-trace-id'] ?? '', TRACE);
});

test('a REST REQUEST authorizer passes empty maps where the proxy integration passes null: no query, no path parameters, no stage variables', () => {
  // Captured from API Gateway (a REQUEST authorizer on GET /csv, and the console's authorizer
  // test): "queryStringParameters":{}, "pathParameters":{}, "stageVariables":{}; the proxy
  // integration's event for the same request has null for each.
  const values = { resource: '/items', path: '/items', query: '', stageVariables: '{}' };
  const authorizer = generateEvent(
    'apigateway',
    'request-authorizer',
    values,
  ) as APIGatewayRequestAuthorizerEvent;
  assert.deepEqual(authorizer.queryStringParameters, {});
  assert.deepEqual(authorizer.multiValueQueryStringParameters, {});
  assert.deepEqual(authorizer.pathParameters, {});
  assert.deepEqual(authorizer.stageVariables, {});

  const proxy = generateEvent('apigateway', 'aws-proxy', values) as APIGatewayProxyEvent;
  assert.equal(proxy.queryStringParameters, null);
  assert.equal(proxy.multiValueQueryStringParameters, null);
  assert.equal(proxy.pathParameters, null);
  assert.equal(proxy.stageVariables, null);
});

test("a WebSocket route's ids are API Gateway's (15 characters and '='); only a message has a messageId, and a $disconnect says how the connection closed", () => {
  type Context = {
    messageId?: string | null;
    requestId: string;
    extendedRequestId: string;
    connectedAt: number;
    requestTimeEpoch: number;
    disconnectStatusCode?: number;
    disconnectReason?: string;
  };
  const context = (event: string) =>
    (generateEvent('apigateway', event, {}, fixed()) as { requestContext: Context }).requestContext;
  const ID = /^\w{15}=$/;
  const message = context('websocket-message');
  assert.match(message.messageId ?? '', ID);
  assert.match(message.requestId, ID);
  assert.match(message.extendedRequestId, ID);
  assert.equal(message.requestTimeEpoch, NOW.getTime());
  assert.ok(Number.isInteger(message.connectedAt) && message.connectedAt < NOW.getTime());
  assert.equal(message.disconnectStatusCode, undefined);

  // "$context.messageId: available only when the $context.eventType is MESSAGE" (WebSocket
  // mapping reference); a captured $connect has "messageId": null, a $disconnect none at all.
  assert.equal(context('websocket-connect').messageId, null);
  const disconnect = context('websocket-disconnect');
  assert.ok(!('messageId' in disconnect));
  assert.equal(disconnect.disconnectStatusCode, 1001);
  assert.equal(disconnect.disconnectReason, '');
});
