// What the explorer shows beneath a function: versions and aliases, recent invocations (from
// its REPORT lines) and log streams. Each call is bounded: a node never pages through everything.
import {
  DeleteFunctionCommand,
  GetFunctionCommand,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  type AliasConfiguration,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  type CloudWatchLogsClient,
  type LogStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { isPlatformEventId } from '../core/logs/platformMark';
import { functionLogGroup } from '../core/logNames';
import { distinctInvocations } from '../core/report/distinctInvocations';
import type { ReportRecord } from '../core/report/reportLine';
import { classifyReportMessage } from '../core/report/reportMessage';
import { REPORT_FILTER_PATTERN } from './reportData';
import { eventId, eventText, eventTime } from './logs/eventFields';

export async function deleteFunction(client: LambdaClient, name: string): Promise<void> {
  await client.send(new DeleteFunctionCommand({ FunctionName: name }));
}

export async function versionsAndAliases(
  client: LambdaClient,
  name: string,
): Promise<{ versions: FunctionConfiguration[]; aliases: AliasConfiguration[] }> {
  const [versions, aliases] = await Promise.all([
    client.send(new ListVersionsByFunctionCommand({ FunctionName: name, MaxItems: 50 })),
    client.send(new ListAliasesCommand({ FunctionName: name, MaxItems: 50 })),
  ]);
  return { versions: versions.Versions ?? [], aliases: aliases.Aliases ?? [] };
}

export interface Invocation extends ReportRecord {
  readonly timestamp: number;
}

/** True when the log group does not exist yet (a function never invoked). */
function isMissingGroup(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ResourceNotFoundException';
}

/**
 * The latest invocations from REPORT lines (text or JSON) of the last `windowMs`, newest first,
 * counted as the statistics count them: `fromLocalEndpoint` as in fetchReportData.
 */
export async function recentInvocations(
  logs: CloudWatchLogsClient,
  name: string,
  {
    limit = 20,
    windowMs = 24 * 3600_000,
    logGroup = functionLogGroup(name),
    fromLocalEndpoint = false,
  } = {},
): Promise<Invocation[]> {
  const found: Invocation[] = [];
  let nextToken: string | undefined;
  try {
    for (let page = 0; page < 5; page++) {
      const out = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: logGroup,
          filterPattern: REPORT_FILTER_PATTERN,
          startTime: Date.now() - windowMs,
          nextToken,
        }),
      );
      for (const event of out.events ?? []) {
        if (fromLocalEndpoint && !isPlatformEventId(eventId(event.eventId))) continue; // the function's own line
        const read = classifyReportMessage(eventText(event.message));
        if (read.kind === 'report')
          found.push({ ...read.record, timestamp: eventTime(event.timestamp) });
      }
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
  } catch (error) {
    if (isMissingGroup(error)) return [];
    throw error;
  }
  return distinctInvocations(found).reverse().slice(0, limit);
}

export async function latestLogStreams(
  logs: CloudWatchLogsClient,
  name: string,
  { limit = 20, logGroup = functionLogGroup(name) } = {},
): Promise<LogStream[]> {
  try {
    const out = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: logGroup,
        orderBy: 'LastEventTime',
        descending: true,
        limit,
      }),
    );
    return out.logStreams ?? [];
  } catch (error) {
    if (isMissingGroup(error)) return [];
    throw error;
  }
}

/** The last events of a stream, oldest first (at most `limit`). */
export async function streamEvents(
  logs: CloudWatchLogsClient,
  logGroup: string,
  stream: string,
  limit = 1000,
): Promise<{ timestamp: number; message: string }[]> {
  const out = await logs.send(
    new GetLogEventsCommand({
      logGroupName: logGroup,
      logStreamName: stream,
      limit,
      startFromHead: false,
    }),
  );
  return (out.events ?? []).map((e) => ({
    timestamp: eventTime(e.timestamp),
    message: eventText(e.message),
  }));
}

/** The function's ARN and tags, or undefined when it does not exist (yet). */
export async function functionIdentity(
  client: LambdaClient,
  name: string,
): Promise<{ arn: string; tags: Record<string, string> } | undefined> {
  try {
    const out = await client.send(new GetFunctionCommand({ FunctionName: name }));
    return { arn: out.Configuration?.FunctionArn ?? '', tags: out.Tags ?? {} };
  } catch (error) {
    if ((error as { name?: string })?.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
