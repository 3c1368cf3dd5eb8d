// The deploy plan's table: the three entry points (template root, folder, handler file) against
// what defines the functions (a template, functions.json, neither) with one or several functions;
// then origins, overrides, --function and the path rule for both path styles.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  DeployPlanError,
  newFunctionName,
  resolveDeployPlan,
  type DeployPlanInput,
} from '../../src/core/deploy/deployPlan';
import { isInside } from '../../src/core/deploy/pathInside';
import { parseSamTemplate } from '../../src/core/deploy/samTemplate';
import { parseWorkspaceFunctions } from '../../src/core/deploy/workspaceFunctions';

const ONE_TEMPLATE = `
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: src/, Handler: app.handler, Runtime: nodejs22.x, MemorySize: 256 }
`;
const SEVERAL_TEMPLATE = `${ONE_TEMPLATE}
  SecondFunction:
    Type: AWS::Serverless::Function
    Properties: { FunctionName: second, CodeUri: src/, Handler: app.second, Runtime: nodejs22.x }
  OtherFunction:
    Type: AWS::Serverless::Function
    Properties: { FunctionName: other, CodeUri: other/, Handler: main.run, Runtime: python3.13 }
`;
const ONE_JSON = {
  version: 1,
  functions: [
    { name: 'orders', folder: 'orders', handler: 'index.handler', runtime: 'nodejs22.x' },
  ],
};
const SEVERAL_JSON = {
  version: 1,
  functions: [
    ...ONE_JSON.functions,
    {
      name: 'billing',
      folder: 'billing/api',
      handler: 'app.lambda_handler',
      runtime: 'python3.13',
    },
  ],
};

type Defined = 'template' | 'functions.json' | 'neither';
function definitions(
  defined: Defined,
  several: boolean,
): Pick<DeployPlanInput, 'template' | 'templateFile' | 'workspace'> {
  if (defined === 'template')
    return {
      template: parseSamTemplate(several ? SEVERAL_TEMPLATE : ONE_TEMPLATE).functions,
      templateFile: 'template.yaml',
      workspace: [],
    };
  if (defined === 'functions.json')
    return {
      template: [],
      workspace: parseWorkspaceFunctions(JSON.stringify(several ? SEVERAL_JSON : ONE_JSON))
        .functions,
    };
  return { template: [], workspace: [] };
}

const GUESSES = { runtime: 'nodejs20.x', handlers: ['index.handler'] };
const plan = (
  defined: Defined,
  several: boolean,
  at: Partial<DeployPlanInput> & Pick<DeployPlanInput, 'path' | 'isFolder'>,
) => resolveDeployPlan({ root: '/w', guesses: GUESSES, ...definitions(defined, several), ...at });
const names = (p: ReturnType<typeof plan>) => p.functions.map((f) => f.definition.name);

describe('the table: entry point × definitions × one or several', () => {
  const cases: [
    string,
    Defined,
    boolean,
    Partial<DeployPlanInput> & Pick<DeployPlanInput, 'path' | 'isFolder'>,
    string,
    string[],
  ][] = [
    // template root
    [
      'root, template, one',
      'template',
      false,
      { path: '/w', isFolder: true },
      'template',
      ['HelloFunction'],
    ],
    [
      'root, template, several',
      'template',
      true,
      { path: '/w', isFolder: true },
      'template',
      ['HelloFunction', 'second', 'other'],
    ],
    [
      'the template file itself',
      'template',
      true,
      { path: '/w/template.yaml', isFolder: false },
      'template',
      ['HelloFunction', 'second', 'other'],
    ],
    [
      'root, functions.json, one',
      'functions.json',
      false,
      { path: '/w', isFolder: true },
      'folder',
      ['orders'],
    ],
    [
      'root, functions.json, several',
      'functions.json',
      true,
      { path: '/w', isFolder: true },
      'folder',
      ['orders', 'billing'],
    ],
    ['root, neither', 'neither', false, { path: '/w', isFolder: true }, 'folder', ['w']],
    // a folder inside
    [
      'folder, template, one',
      'template',
      false,
      { path: '/w/src', isFolder: true },
      'folder',
      ['HelloFunction'],
    ],
    [
      'folder, template, several in it',
      'template',
      true,
      { path: '/w/src', isFolder: true },
      'folder',
      ['HelloFunction', 'second'],
    ],
    [
      'folder, template, one of several',
      'template',
      true,
      { path: '/w/other', isFolder: true },
      'folder',
      ['other'],
    ],
    [
      'folder inside a code folder',
      'template',
      false,
      { path: '/w/src/lib', isFolder: true },
      'folder',
      ['HelloFunction'],
    ],
    [
      'folder, functions.json, one',
      'functions.json',
      false,
      { path: '/w/orders', isFolder: true },
      'folder',
      ['orders'],
    ],
    [
      'folder holding a code folder',
      'functions.json',
      true,
      { path: '/w/billing', isFolder: true },
      'folder',
      ['billing'],
    ],
    [
      'folder, neither',
      'neither',
      false,
      { path: '/w/hello-node', isFolder: true },
      'folder',
      ['hello-node'],
    ],
    // a handler file
    [
      'handler, template, one',
      'template',
      false,
      { path: '/w/src/app.js', isFolder: false, exportName: 'handler' },
      'handler',
      ['HelloFunction'],
    ],
    [
      'handler, template, several: by export',
      'template',
      true,
      { path: '/w/src/app.js', isFolder: false, exportName: 'second' },
      'handler',
      ['second'],
    ],
    [
      'handler file without export, several',
      'template',
      true,
      { path: '/w/src/app.js', isFolder: false },
      'handler',
      ['HelloFunction', 'second'],
    ],
    [
      'another export of a defined file: new',
      'template',
      false,
      { path: '/w/src/app.js', isFolder: false, exportName: 'other' },
      'handler',
      ['src-other'],
    ],
    [
      'a helper file: the function holding it',
      'template',
      false,
      { path: '/w/src/lib/util.js', isFolder: false },
      'handler',
      ['HelloFunction'],
    ],
    [
      'handler, functions.json, one',
      'functions.json',
      false,
      { path: '/w/orders/index.js', isFolder: false, exportName: 'handler' },
      'handler',
      ['orders'],
    ],
    [
      'handler, functions.json, several',
      'functions.json',
      true,
      { path: '/w/billing/api/app.py', isFolder: false, exportName: 'lambda_handler' },
      'handler',
      ['billing'],
    ],
    [
      'handler, neither',
      'neither',
      false,
      { path: '/w/hello-node/index.mjs', isFolder: false, exportName: 'handler' },
      'handler',
      ['hello-node'],
    ],
  ];
  for (const [title, defined, several, at, entry, expected] of cases) {
    test(title, () => {
      const result = plan(defined, several, at);
      assert.equal(result.entry, entry);
      assert.deepEqual(names(result), expected);
    });
  }
});

describe('new functions', () => {
  test('Invoke locally and Deploy on one handler name one function', () => {
    const invoke = plan('neither', false, {
      path: '/w/hello-node/index.mjs',
      isFolder: false,
      exportName: 'handler',
    }).functions[0]!;
    const deploy = plan('neither', false, { path: '/w/hello-node', isFolder: true }).functions[0]!;
    assert.equal(invoke.definition.name, 'hello-node');
    assert.equal(deploy.definition.name, 'hello-node');
    assert.equal(invoke.definition.handler, 'index.handler');
    assert.equal(invoke.isNew, true);
    assert.deepEqual(invoke.definition.folder, 'hello-node');
  });

  test('names: sanitised, 64 characters, the export after unless it is the usual one', () => {
    assert.equal(newFunctionName('my app.v2'), 'my-app-v2');
    assert.equal(newFunctionName('app', 'lambda_handler'), 'app');
    assert.equal(newFunctionName('app', 'process'), 'app-process');
    assert.equal(newFunctionName('x'.repeat(80)).length, 64);
    assert.equal(newFunctionName('!!!'), '---');
    assert.equal(newFunctionName(''), 'function');
  });

  test('a Python handler with no guesses gets the default Python runtime; every setting is a default', () => {
    const p = resolveDeployPlan({
      root: '/w',
      path: '/w/py/app.py',
      isFolder: false,
      exportName: 'lambda_handler',
      template: [],
      workspace: [],
    }).functions[0]!;
    assert.equal(p.definition.runtime, 'python3.13');
    assert.equal(p.definition.handler, 'app.lambda_handler');
    assert.deepEqual(p.origins, { handler: 'default', runtime: 'default' });
  });

  test('a name asked for that nothing defines names the new function', () => {
    assert.deepEqual(
      names(plan('functions.json', false, { path: '/w/new', isFolder: true, select: 'fresh' })),
      ['fresh'],
    );
  });
});

describe('settings and their origins', () => {
  const both = () => ({
    template: parseSamTemplate(ONE_TEMPLATE).functions,
    templateFile: 'template.yaml',
    workspace: parseWorkspaceFunctions(
      JSON.stringify({
        version: 1,
        functions: [
          {
            name: 'HelloFunction',
            folder: 'src',
            memory: 512,
            connection: 'profile:dev',
            region: 'eu-west-1',
          },
          {
            name: 'HelloFunction',
            folder: 'src',
            timeout: 9,
            connection: 'local',
            region: 'us-east-1',
          },
        ],
      }),
    ).functions,
  });

  test('template, then functions.json, then overrides; each setting says where it came from', () => {
    const p = resolveDeployPlan({
      root: '/w',
      path: '/w',
      isFolder: true,
      ...both(),
      overrides: { timeout: 30 },
    }).functions[0]!;
    assert.equal(p.definition.memorySize, 512);
    assert.equal(p.definition.timeout, 30);
    assert.deepEqual(p.origins, {
      handler: 'template',
      runtime: 'template',
      memorySize: 'functions.json',
      connection: 'functions.json',
      region: 'functions.json',
      timeout: 'override',
    });
    assert.equal(p.isNew, false);
  });

  test("functions.json's entry for the chosen connection is the one used", () => {
    const p = resolveDeployPlan({
      root: '/w',
      path: '/w',
      isFolder: true,
      ...both(),
      connection: { id: 'local' },
    }).functions[0]!;
    assert.equal(p.definition.timeout, 9);
    assert.equal(p.definition.memorySize, 256);
    assert.equal(p.definition.region, 'us-east-1');
  });

  test('an entry the CLI recorded for an endpoint by its URL is the one used by the endpoint configured with that URL', () => {
    const workspace = parseWorkspaceFunctions(
      JSON.stringify({
        version: 1,
        functions: [
          { name: 'HelloFunction', folder: 'src', timeout: 9, connection: 'local' },
          {
            name: 'HelloFunction',
            folder: 'src',
            timeout: 12,
            connection: 'endpoint:http://localhost:4566/',
            region: 'eu-west-1',
          },
        ],
      }),
    ).functions;
    const p = resolveDeployPlan({
      root: '/w',
      path: '/w',
      isFolder: true,
      template: [],
      workspace,
      connection: { id: 'endpoint:localstack', endpoint: 'http://localhost:4566' },
    }).functions[0]!;
    assert.equal(p.definition.timeout, 12);
    assert.equal(p.definition.region, 'eu-west-1');
  });

  test('--function by logical id or FunctionName; one the template lacks is refused, naming those it has', () => {
    assert.deepEqual(
      names(plan('template', true, { path: '/w', isFolder: true, select: 'SecondFunction' })),
      ['second'],
    );
    assert.deepEqual(
      names(plan('template', true, { path: '/w', isFolder: true, select: 'other' })),
      ['other'],
    );
    assert.throws(
      () => plan('template', true, { path: '/w', isFolder: true, select: 'nope' }),
      (e: unknown) =>
        e instanceof DeployPlanError &&
        /no function "nope".*HelloFunction, SecondFunction \(second\), OtherFunction \(other\)/.test(
          e.message,
        ),
    );
  });

  test('a template with no deployable function is refused, not replaced by a guess', () => {
    assert.throws(
      () =>
        resolveDeployPlan({
          root: '/w',
          path: '/w',
          isFolder: true,
          template: [],
          templateFile: 'template.yaml',
          workspace: [],
        }),
      /defines no function deployed from a folder/,
    );
  });
});

describe('isInside', () => {
  test('posix', () => {
    assert.equal(isInside('/w/src', '/w/src'), true);
    assert.equal(isInside('/w/src', '/w/src/a/b.js'), true);
    assert.equal(isInside('/w/src', '/w/src2/a.js'), false);
    assert.equal(isInside('/w/src', '/w'), false);
    assert.equal(isInside('/w', '/w/..x/a.js'), true);
    assert.equal(isInside('/w/src', '/w/src/../other'), false);
    assert.equal(isInside('/w/Src', '/w/src/a.js'), false);
  });

  test('win32: case-insensitive, another drive never inside', () => {
    assert.equal(isInside('C:\\w\\src', 'C:\\w\\src\\app.js'), true);
    assert.equal(isInside('C:\\w\\src', 'c:\\W\\SRC\\app.js'), true);
    assert.equal(isInside('C:\\w\\src', 'D:\\w\\src\\app.js'), false);
    assert.equal(isInside('C:\\w', 'D:\\elsewhere'), false);
    assert.equal(isInside('C:\\w\\src', 'C:\\w\\src2'), false);
    assert.equal(isInside('\\\\server\\share\\w', '\\\\server\\share\\w\\a'), true);
    assert.equal(isInside('C:\\w', '/w'), false);
  });

  test('the plan on Windows paths', () => {
    const p = resolveDeployPlan({
      root: 'C:\\w',
      path: 'C:\\w\\src\\app.js',
      isFolder: false,
      exportName: 'handler',
      ...definitions('template', false),
    });
    assert.deepEqual(names(p), ['HelloFunction']);
    const other = resolveDeployPlan({
      root: 'C:\\w',
      path: 'D:\\w\\src\\app.js',
      isFolder: false,
      exportName: 'handler',
      ...definitions('template', false),
    });
    assert.equal(other.functions[0]!.isNew, true);
  });
});
