// What a log document shows, carried by its URI (lambda-logs:/Local/us-east-1/orders · tail.lambda-log?…):
// following a function, a search, or one invocation. The URI is what a request id's link opens,
// so every field read back from one is checked: a URI can come from anywhere (a link in a file).
import * as vscode from 'vscode';
import { isPlainFunctionName } from '../../core/arn';
import { REGION_PATTERN } from '../../core/regions';
import {
  customWindowProblem,
  isPresetWindow,
  type ReportWindow,
} from '../../core/report/reportWindow';

export const LOGS_SCHEME = 'lambda-logs';
/** The language of log documents (package.json contributes it with its grammar). */
export const LOG_LANGUAGE = 'lambda-log';

interface FunctionLogs {
  readonly connectionId: string;
  readonly region: string;
  readonly functionName: string;
  /** The function's log group when it is not /aws/lambda/NAME (LoggingConfig). */
  readonly logGroup?: string;
}

/** What of a function's logs a document shows. */
export type LogSelection =
  | { readonly kind: 'tail' }
  | { readonly kind: 'search'; readonly filterPattern: string; readonly window: ReportWindow }
  | { readonly kind: 'invocation'; readonly requestId: string };

export type LogRequest = FunctionLogs & LogSelection;

export const REQUEST_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const CONNECTION_ID_PATTERN = /^[^\s]{1,300}$/;

export function logUri(request: LogRequest, connectionLabel: string): vscode.Uri {
  const query = new URLSearchParams({
    c: request.connectionId,
    r: request.region,
    f: request.functionName,
    k: request.kind,
  });
  if (request.logGroup) query.set('g', request.logGroup);
  let title = 'tail';
  if (request.kind === 'search') {
    query.set('p', request.filterPattern);
    query.set(
      'w',
      typeof request.window === 'string'
        ? request.window
        : `${request.window.startMs}-${request.window.endMs}`,
    );
    title = 'search';
  } else if (request.kind === 'invocation') {
    query.set('id', request.requestId);
    title = request.requestId.slice(0, 8);
  }
  const place = connectionLabel.replace(/[/\\?#]/g, '-');
  return vscode.Uri.from({
    scheme: LOGS_SCHEME,
    path: `/${place}/${request.region}/${request.functionName} · ${title}.lambda-log`,
    query: query.toString(),
  });
}

/** The request a URI carries, or undefined when it is not one of ours (or not a valid one). */
export function logRequestOf(uri: vscode.Uri): LogRequest | undefined {
  if (uri.scheme !== LOGS_SCHEME) return undefined;
  const q = new URLSearchParams(uri.query);
  const connectionId = q.get('c') ?? '';
  const region = q.get('r') ?? '';
  const functionName = q.get('f') ?? '';
  const logGroup = q.get('g') ?? undefined;
  if (
    !CONNECTION_ID_PATTERN.test(connectionId) ||
    !REGION_PATTERN.test(region) ||
    !isPlainFunctionName(functionName)
  )
    return undefined;
  if (logGroup !== undefined && !LOG_GROUP_PATTERN.test(logGroup)) return undefined;
  const base = { connectionId, region, functionName, ...(logGroup ? { logGroup } : {}) };
  switch (q.get('k')) {
    case 'tail':
      return { ...base, kind: 'tail' };
    case 'invocation': {
      const requestId = q.get('id') ?? '';
      return REQUEST_ID_PATTERN.test(requestId)
        ? { ...base, kind: 'invocation', requestId }
        : undefined;
    }
    case 'search': {
      const filterPattern = q.get('p') ?? '';
      const window = windowOf(q.get('w') ?? '');
      return window && filterPattern.length <= 1024
        ? { ...base, kind: 'search', filterPattern, window }
        : undefined;
    }
    default:
      return undefined;
  }
}

function windowOf(text: string): ReportWindow | undefined {
  if (isPresetWindow(text)) return text;
  const range = /^(\d{1,15})-(\d{1,15})$/.exec(text);
  if (!range) return undefined;
  const window = { startMs: Number(range[1]), endMs: Number(range[2]) };
  return customWindowProblem(window.startMs, window.endMs) ? undefined : window;
}
