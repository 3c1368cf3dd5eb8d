// Handler detection on a 2,000-line file, as the CodeLens provider runs it on every change of an
// open document. Target: under 1 ms (median of many runs after warm-up; the figure is printed,
// not asserted, because shared machines are noisy).
import { detectHandlers } from '../src/core/handlers/detectHandlers.ts';
import { figure, median, percentile } from './report.mjs';

const TARGET_MS = 1;

function typescriptFile(lines) {
  const block = [
    "import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';",
    '// Helpers that format responses; the handler is at the end of the file.',
    '/* A block comment that mentions export const handler = 1; */',
    'const greeting = `Hello ${"world"} from a template literal`;',
    "function format(value: unknown): string { return JSON.stringify({ value, note: 'it\\'s fine' }); }",
    'export const helper = (n: number) => n * 2; // not a handler',
    'const table: Record<string, number> = { a: 1, b: 2, c: 3 };',
    '',
  ];
  const body = Array.from({ length: lines - 3 }, (_, i) => block[i % block.length]);
  return [
    ...body,
    'export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {',
    '  return { statusCode: 200, body: format(event) };',
    '};',
  ].join('\n');
}

function pythonFile(lines) {
  const block = [
    'import json',
    '# def handler(event, context): commented out',
    'GREETING = "def lambda_handler(event, context):"',
    'def helper(value):',
    '    """Formats a value; mentions def handler(event, context) in its docstring."""',
    '    return json.dumps({"value": value})',
    '',
  ];
  const body = Array.from({ length: lines - 2 }, (_, i) => block[i % block.length]);
  return [...body, 'def lambda_handler(event, context):', '    return {"statusCode": 200}'].join(
    '\n',
  );
}

function measure(text, language) {
  for (let i = 0; i < 200; i += 1) detectHandlers(text, language);
  const samples = [];
  for (let i = 0; i < 1000; i += 1) {
    const start = process.hrtime.bigint();
    const found = detectHandlers(text, language);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (found.length !== 1) throw new Error(`expected one handler, found ${found.length}`);
  }
  return samples;
}

const ts = typescriptFile(2000);
const py = pythonFile(2000);
const tsSamples = measure(ts, 'typescript');
const pySamples = measure(py, 'python');
figure(
  `handler detection, 2,000-line TypeScript file (${Math.round(ts.length / 1024)} KB), median`,
  median(tsSamples),
  'ms',
  { label: 'target', value: TARGET_MS },
);
figure('handler detection, 2,000-line TypeScript file, p95', percentile(tsSamples, 95), 'ms', {
  label: 'target',
  value: TARGET_MS,
});
figure(
  `handler detection, 2,000-line Python file (${Math.round(py.length / 1024)} KB), median`,
  median(pySamples),
  'ms',
  { label: 'target', value: TARGET_MS },
);
