// Shared by the invoke*.test.ts files: create a function from a few files, invoke it through the
// SDK and read what Lambda would tell the caller (payload, function error, tail log, REPORT line).
import { parseReportLine, type ReportRecord } from '../../src/core/report/reportLine';
import {
  CreateFunctionCommand,
  InvokeCommand,
  type CreateFunctionCommandInput,
  type InvocationType,
  type Runtime,
} from '@aws-sdk/client-lambda';
import {
  FilterLogEventsCommand,
  ResourceNotFoundException,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { zipOf, type TestEndpoint } from './endpoint';

export type Files = Record<string, string | { content: string; mode: number }>;

export interface FunctionOptions {
  readonly runtime?: string;
  readonly handler?: string;
  readonly memorySize?: number;
  readonly timeout?: number;
  readonly environment?: Record<string, string>;
  readonly logFormat?: 'Text' | 'JSON';
  readonly applicationLogLevel?: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  readonly publish?: boolean;
}

export async function createFunction(
  t: TestEndpoint,
  name: string,
  files: Files,
  options: FunctionOptions = {},
): Promise<void> {
  const input: CreateFunctionCommandInput = {
    FunctionName: name,
    Role: 'arn:aws:iam::123456789012:role/lambda-lens-test',
    Runtime: (options.runtime ?? 'nodejs20.x') as Runtime,
    Handler: options.handler ?? 'index.handler',
    Code: { ZipFile: zipOf(files) },
    ...(options.memorySize ? { MemorySize: options.memorySize } : {}),
    ...(options.timeout ? { Timeout: options.timeout } : {}),
    ...(options.environment ? { Environment: { Variables: options.environment } } : {}),
    ...(options.logFormat
      ? {
          LoggingConfig: {
            LogFormat: options.logFormat,
            ...(options.applicationLogLevel
              ? { ApplicationLogLevel: options.applicationLogLevel }
              : {}),
          },
        }
      : {}),
    ...(options.publish ? { Publish: true } : {}),
  };
  await t.lambda.send(new CreateFunctionCommand(input));
}

export interface Invoked {
  readonly statusCode: number | undefined;
  readonly functionError: string | undefined;
  readonly executedVersion: string | undefined;
  /** The payload as text. */
  readonly text: string;
  /** The decoded tail (LogResult), '' when not asked for. */
  readonly log: string;
  /** The payload parsed as JSON (undefined when it is not JSON). */
  readonly body: unknown;
}

export async function invoke(
  t: TestEndpoint,
  name: string,
  payload: unknown = {},
  options: { qualifier?: string; type?: InvocationType; tail?: boolean } = {},
): Promise<Invoked> {
  const out = await t.lambda.send(
    new InvokeCommand({
      FunctionName: name,
      Payload:
        typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(JSON.stringify(payload)),
      ...(options.qualifier ? { Qualifier: options.qualifier } : {}),
      ...(options.type ? { InvocationType: options.type } : {}),
      ...(options.tail === false ? {} : { LogType: 'Tail' }),
    }),
  );
  const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return {
    statusCode: out.StatusCode,
    functionError: out.FunctionError,
    executedVersion: out.ExecutedVersion,
    text,
    log: out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : '',
    body,
  };
}

export interface Report extends ReportRecord {
  readonly line: string;
}

/** The fields of Lambda's text REPORT line; throws when the line is not in Lambda's format. */
export const REPORT_LINE =
  /^REPORT RequestId: ([0-9a-f-]{36})\tDuration: (\d+\.\d{2}) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB\t(?:Init Duration: (\d+\.\d{2}) ms\t)?(?:Status: (\w+)\t)?(?:Error Type: ([\w.]+)\t)?$/;

/** The product's parser reads the fields; the strict pattern above checks the exact format first. */
export function parseReport(line: string): Report {
  const record = REPORT_LINE.test(line) ? parseReportLine(line) : undefined;
  if (!record) throw new Error(`Not a REPORT line in Lambda's format: ${JSON.stringify(line)}`);
  return { line, ...record };
}

/** The REPORT line of a tail log. */
export function reportIn(log: string): Report {
  const line = log.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line) throw new Error(`No REPORT line in the log:\n${log}`);
  return parseReport(line);
}

/** Hundredths of a millisecond, so that sums of the printed values are exact. */
export function expectedBilledMs(report: Report): number {
  const hundredths =
    Math.round(report.durationMs * 100) + Math.round((report.initDurationMs ?? 0) * 100);
  return Math.max(1, Math.ceil(hundredths / 100));
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** All events of /aws/lambda/NAME matching a filter pattern (every page); none while the group does not exist yet. */
export async function filterEvents(
  t: TestEndpoint,
  name: string,
  pattern?: string,
): Promise<FilteredLogEvent[]> {
  try {
    return await filterEventsOrFail(t, name, pattern);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return [];
    throw error;
  }
}

async function filterEventsOrFail(
  t: TestEndpoint,
  name: string,
  pattern?: string,
): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await t.logs.send(
      new FilterLogEventsCommand({
        logGroupName: `/aws/lambda/${name}`,
        ...(pattern !== undefined ? { filterPattern: pattern } : {}),
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** A Node.js handler that sleeps `ms`, then answers with its log stream and request id. */
export function sleeper(ms: number): string {
  return `exports.handler = async (event, context) => {
  await new Promise((r) => setTimeout(r, ${ms}));
  return { stream: context.logStreamName, requestId: context.awsRequestId };
};
`;
}

/** The lines of an `ls -l /proc/self/fd` listing that show a socket past stdin, stdout and stderr. */
export function socketsBeyondStdio(listing: unknown): string[] {
  return String(listing)
    .split('\n')
    .filter((line) => /\b([3-9]|\d\d+) -> socket:/.test(line));
}
