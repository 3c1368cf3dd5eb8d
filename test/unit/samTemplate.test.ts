import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseSamTemplate, TemplateError } from '../../src/core/deploy/samTemplate';

const TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
Globals:
  Function:
    Runtime: nodejs22.x
    MemorySize: 256
    Timeout: 10
    Architectures: [arm64]
    Environment:
      Variables:
        STAGE: !Ref Stage
        SHARED: global
    Tags:
      team: payments
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "orders-\${Stage}"
      CodeUri: orders/
      Handler: index.handler
      MemorySize: 512
      Environment:
        Variables:
          TABLE: !Ref OrdersTable
          SHARED: own
      Tags:
        service: orders
  Legacy:
    Type: AWS::Lambda::Function
    Properties:
      Code: ./legacy
      Handler: app.lambda_handler
      Runtime: python3.13
      Role: !GetAtt LegacyRole.Arn
      Tags:
        - Key: owner
          Value: ops
  Named:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Join ["-", [!Ref "AWS::StackName", named]]
      CodeUri: s3://bucket/key.zip
      Handler: index.handler
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Condition: !Equals [!Ref Stage, prod]
    Properties:
      KeySchema: !If [IsProd, [], !Split [",", "a,b"]]
      Other: [!Select [0, !GetAZs ""], !FindInMap [M, a, b], !ImportValue x, !Base64 y, !Not [!Condition C], !And [a, b], !Or [a, b], !Cidr [a, 1, 2]]
`;

test('serverless functions take Globals, own values win, maps merge', () => {
  const { functions } = parseSamTemplate(TEMPLATE, 'template.yaml', 'app');
  const orders = functions.find((f) => f.logicalId === 'Orders')!;
  assert.equal(orders.name, 'orders-dev', '!Sub of a parameter with a Default resolves');
  assert.equal(orders.folder, 'app/orders');
  assert.equal(orders.runtime, 'nodejs22.x');
  assert.equal(orders.memorySize, 512);
  assert.equal(orders.timeout, 10);
  assert.equal(orders.architecture, 'arm64');
  assert.deepEqual(orders.environment, { STAGE: 'dev', SHARED: 'own' });
  assert.deepEqual(orders.tags, { team: 'payments', service: 'orders' });
});

test('values we cannot resolve are reported by path and expression, never guessed', () => {
  const { functions, problems } = parseSamTemplate(TEMPLATE, 'template.yaml');
  const orders = functions.find((f) => f.logicalId === 'Orders')!;
  assert.equal(orders.environment?.TABLE, undefined);
  const table = problems.find((p) =>
    p.where.endsWith('Orders.Properties.Environment.Variables.TABLE'),
  );
  assert.ok(table, JSON.stringify(problems));
  assert.match(table.message, /!Ref OrdersTable cannot be resolved/);
  const role = problems.find((p) => p.where.endsWith('Legacy.Properties.Role'));
  assert.match(role!.message, /!GetAtt LegacyRole\.Arn/);
});

test('AWS::Lambda::Function: Code folder, list tags, no Globals', () => {
  const { functions } = parseSamTemplate(TEMPLATE, 'template.yaml');
  const legacy = functions.find((f) => f.logicalId === 'Legacy')!;
  assert.equal(legacy.folder, 'legacy');
  assert.equal(legacy.runtime, 'python3.13');
  assert.equal(legacy.memorySize, undefined);
  assert.deepEqual(legacy.tags, { owner: 'ops' });
  assert.equal(legacy.role, undefined);
});

test('S3 code is skipped with a reason; non-function resources are ignored', () => {
  const { functions, problems } = parseSamTemplate(TEMPLATE, 'template.yaml');
  assert.deepEqual(functions.map((f) => f.logicalId).sort(), ['Legacy', 'Orders']);
  assert.ok(problems.some((p) => p.where.includes('Named') && /S3/.test(p.message)));
});

test('JSON templates and long-form intrinsics parse the same way', () => {
  const json = JSON.stringify({
    Resources: {
      F: {
        Type: 'AWS::Serverless::Function',
        Properties: {
          CodeUri: 'src',
          Handler: 'a.b',
          Runtime: 'nodejs20.x',
          FunctionName: { 'Fn::Sub': 'x-${AWS::Region}' },
        },
      },
    },
  });
  const { functions, problems } = parseSamTemplate(json, 'template.json');
  assert.equal(
    functions[0]!.name,
    'F',
    'an unresolvable FunctionName falls back to the logical id',
  );
  assert.match(problems[0]!.message, /!Sub "x-\$\{AWS::Region\}"/);
});

test('a broken template says what is wrong', () => {
  assert.throws(
    () => parseSamTemplate('Resources: [1,\n', 'template.yaml'),
    (e: unknown) =>
      e instanceof TemplateError && /template\.yaml is not valid YAML/.test((e as Error).message),
  );
  assert.throws(() => parseSamTemplate('just text', 'template.yaml'), TemplateError);
  assert.throws(() => parseSamTemplate('Foo: 1', 'template.yaml'), /no Resources/);
});

test('unknown tags are warnings, not crashes', () => {
  const { functions, problems } = parseSamTemplate(
    'Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: !Bogus x\n',
    't.yaml',
  );
  assert.equal(functions.length, 1);
  assert.ok(problems.some((p) => /Unresolved tag/.test(p.message)));
});

test('a billion-laughs template is refused at once, saying why', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const [previous, next] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
    lines.push(`${next}: &${next} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  lines.push(
    'Resources:',
    '  F:',
    '    Type: AWS::Serverless::Function',
    '    Properties: {CodeUri: ., Handler: x.y, Environment: {Variables: {X: *i}}}',
  );
  const started = performance.now();
  assert.throws(
    () => parseSamTemplate(lines.join('\n'), 'template.yaml'),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.refused &&
      /^template\.yaml: too many aliases/.test((e as Error).message),
  );
  assert.ok(performance.now() - started < 1000);
});

test('a template with a few aliases is read as usual', () => {
  const { functions } = parseSamTemplate(
    'Shared: &env {STAGE: dev}\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: ., Handler: x.y, Environment: {Variables: *env}}\n',
    'template.yaml',
  );
  assert.deepEqual(functions[0]!.environment, { STAGE: 'dev' });
});

test('SAM template: SnapStart, CodeSigningConfigArn and a layer built in the template (own or from Globals) are reported as not deployed, saying what to do', () => {
  const template = `Globals:
  Function:
    Layers: [!Ref SharedLayer]
Resources:
  SharedLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: shared/ }
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: api/
      Handler: index.handler
      Runtime: python3.12
      Layers: [arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:21]
      SnapStart: { ApplyOn: PublishedVersions }
      CodeSigningConfigArn: arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0
  Plain:
    Type: AWS::Lambda::Function
    Properties: { Code: plain/, Handler: index.handler, Runtime: nodejs20.x, Role: arn:aws:iam::123456789012:role/r }
`;
  const { functions, problems } = parseSamTemplate(template, 'template.yaml');
  assert.deepEqual(
    functions.map((f) => f.name),
    ['Api', 'Plain'],
    'the functions still deploy',
  );
  const about = (property: string) =>
    problems
      .filter((p) => p.where === `template.yaml: Resources.Api.Properties.${property}`)
      .map((p) => p.message);
  // A layer the template builds cannot be attached (its build step is sam's); the literal ARN alone would drop it from a live function, so neither is sent.
  const [layers] = about('Layers');
  assert.match(
    layers!,
    /^1 of 2 not attached: !Ref SharedLayer is a layer this template builds: publishing it needs the build step of `sam build` and `sam deploy`, which a deploy from here does not run\. /,
  );
  assert.match(
    layers!,
    /deploy with `sam deploy`, publish the layer and write its version ARN in the template, or put its files in the function's folder/,
  );
  assert.equal(functions[0]!.cloud?.layers, undefined);
  assert.match(about('SnapStart')[0]!, /^not turned on: /);
  assert.match(about('CodeSigningConfigArn')[0]!, /^not applied: .*unsigned/);
  assert.equal(
    problems.filter((p) => p.where.includes('Plain')).length,
    0,
    'nothing to say of a function without them',
  );
});

/** One function's properties (YAML flow lines under Properties), read as a template. */
function readOne(properties: string, type = 'AWS::Serverless::Function', extra = '') {
  const code = type === 'AWS::Serverless::Function' ? 'CodeUri' : 'Code';
  const text = `Parameters:\n  LayerArn: { Type: String, Default: 'arn:aws:lambda:us-east-1:123456789012:layer:shared:4' }\n  OtherVersion: { Type: Number, Default: 2 }\n  Vpc: { Type: String }\nResources:\n${extra}  F:\n    Type: ${type}\n    Properties:\n      ${code}: src/\n      Handler: index.handler\n      Runtime: nodejs20.x\n${properties
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n')}\n`;
  const { functions, problems } = parseSamTemplate(text, 'template.yaml');
  return {
    cloud: functions[0]!.cloud,
    problems: problems.map(
      (p) => `${p.where.replace('template.yaml: Resources.F.Properties.', '')}: ${p.message}`,
    ),
  };
}

test('SAM template: layers, tracing, VPC, dead-letter queue, KMS key and file systems are read to be sent, each resolved or said', () => {
  const layer = 'arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:21';
  const table: {
    properties: string;
    type?: string;
    extra?: string;
    cloud: unknown;
    problem?: RegExp;
  }[] = [
    { properties: `Layers: [${layer}]`, cloud: { layers: [layer] } },
    {
      properties:
        'Layers: [!Ref LayerArn, !Sub "arn:aws:lambda:us-east-1:123456789012:layer:other:${OtherVersion}"]',
      cloud: {
        layers: [
          'arn:aws:lambda:us-east-1:123456789012:layer:shared:4',
          'arn:aws:lambda:us-east-1:123456789012:layer:other:2',
        ],
      },
    },
    {
      properties: 'Layers: [!Ref Built]',
      extra: '  Built:\n    Type: AWS::Lambda::LayerVersion\n    Properties: { Content: layer/ }\n',
      cloud: undefined,
      problem: /^Layers: not attached: !Ref Built is a layer this template builds/,
    },
    {
      // Kept as written: the deploy fills in its region (pseudoParameters.ts).
      properties:
        'Layers: [!Sub "arn:aws:lambda:${AWS::Region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:3"]',
      cloud: {
        layers: [
          'arn:aws:lambda:${AWS::Region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:3',
        ],
      },
    },
    {
      properties: 'Layers: [!Sub "arn:aws:lambda:us-east-1:1:layer:${AWS::StackName}:1"]',
      cloud: undefined,
      problem: /^Layers: not attached: !Sub .* cannot be resolved outside CloudFormation/,
    },
    {
      // Only layers wait for the deploy: elsewhere a pseudo parameter is said, as before.
      properties: 'Environment: { Variables: { WHERE: !Sub "${AWS::Region}" } }',
      cloud: undefined,
      problem:
        /^Environment.Variables.WHERE: !Sub "\$\{AWS::Region\}" cannot be resolved outside CloudFormation/,
    },
    { properties: 'Tracing: Active', cloud: { tracing: 'Active' } },
    { properties: 'Tracing: Disabled', cloud: undefined },
    {
      properties: 'Tracing: On',
      cloud: undefined,
      problem: /^Tracing: expected Active or PassThrough, found "On"; not sent\./,
    },
    {
      properties: 'TracingConfig: { Mode: PassThrough }',
      type: 'AWS::Lambda::Function',
      cloud: { tracing: 'PassThrough' },
    },
    {
      properties: 'VpcConfig: { SubnetIds: [subnet-1, subnet-2], SecurityGroupIds: [sg-1] }',
      cloud: { vpcConfig: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] } },
    },
    {
      properties: 'VpcConfig: { SubnetIds: [!Ref PrivateSubnet], SecurityGroupIds: [sg-1] }',
      cloud: undefined,
      problem:
        /^VpcConfig: not sent: !Ref PrivateSubnet cannot be resolved outside CloudFormation, so the function is not placed in the VPC \(an existing function keeps the one it has/,
    },
    {
      properties:
        'DeadLetterQueue: { Type: SQS, TargetArn: arn:aws:sqs:us-east-1:123456789012:dlq }',
      cloud: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
    },
    {
      properties: 'DeadLetterConfig: { TargetArn: arn:aws:sns:us-east-1:123456789012:t }',
      type: 'AWS::Lambda::Function',
      cloud: { deadLetterTargetArn: 'arn:aws:sns:us-east-1:123456789012:t' },
    },
    {
      properties: 'DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Queue.Arn }',
      cloud: undefined,
      problem: /^DeadLetterQueue: not sent: !GetAtt Queue\.Arn cannot be resolved/,
    },
    {
      properties: 'KmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/k',
      cloud: { kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k' },
    },
    {
      properties:
        'FileSystemConfigs: [{ Arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0, LocalMountPath: /mnt/data }]',
      cloud: {
        fileSystemConfigs: [
          {
            arn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0',
            localMountPath: '/mnt/data',
          },
        ],
      },
    },
    {
      properties: 'FileSystemConfigs: { Arn: x }',
      cloud: undefined,
      problem: /^FileSystemConfigs: expected a list of \{ Arn, LocalMountPath \}/,
    },
  ];
  for (const row of table) {
    const { cloud, problems } = readOne(row.properties, row.type, row.extra);
    assert.deepEqual(cloud, row.cloud, row.properties);
    if (row.problem) assert.match(problems.join('\n'), row.problem, row.properties);
    else assert.deepEqual(problems, [], row.properties);
  }
});

test("SAM template: Globals' Layers come before the function's own, and both are sent", () => {
  const { functions } = parseSamTemplate(
    'Globals:\n  Function:\n    Layers: [arn:aws:lambda:us-east-1:1:layer:a:1]\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: ., Handler: x.y, Layers: [arn:aws:lambda:us-east-1:1:layer:b:2] }\n',
  );
  assert.deepEqual(functions[0]!.cloud, {
    layers: ['arn:aws:lambda:us-east-1:1:layer:a:1', 'arn:aws:lambda:us-east-1:1:layer:b:2'],
  });
});

test('a CodeUri that leads outside the workspace, or is absolute, is skipped, saying why', () => {
  const template = (codeUri: string) =>
    `Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ${codeUri}\n      Handler: index.handler\n      Runtime: nodejs20.x\n`;
  // From a template at the workspace's root, and from one in a folder of it.
  for (const [codeUri, templateFolder] of [
    ['../../..', ''],
    ['src/../../outside', ''],
    ['../../home', 'infra'],
    ['/etc', ''],
    ['C:\\Users', ''],
  ] as const) {
    const { functions, problems } = parseSamTemplate(template(codeUri), 't.yaml', templateFolder);
    assert.deepEqual(functions, [], codeUri);
    assert.ok(
      problems.some(
        (p) =>
          p.where === 't.yaml: Resources.F.Properties.CodeUri' &&
          /inside the workspace/.test(p.message),
      ),
      `${codeUri}: ${JSON.stringify(problems)}`,
    );
  }
  // A folder beside the template, inside the workspace, is fine.
  const beside = parseSamTemplate(template('../src'), 't.yaml', 'infra');
  assert.equal(beside.functions[0]?.folder, 'src');
});
