// The log commands: Tail Logs and Search Logs… on a function (tree item, handler lens, palette),
// Show Invocation Logs (a Recent invocations item, an invoke's result), and the log document's own
// Filter, Pause, Resume and Show Older Results (its editor title bar).
import * as vscode from 'vscode';
import { isPlainFunctionName } from '../../core/arn';
import type { ConnectionDescriptor } from '../../core/connections';
import { parseReportWindow, type ReportWindow } from '../../core/report/reportWindow';
import { FunctionNode } from '../functionsTree';
import { ui } from '../ui';
import type { LogDocuments } from './logDocuments';
import { logUri, REQUEST_ID_PATTERN, type LogSelection } from './logRequest';

/** A function's logs: what a tree item, a lens or an invoke names. */
export interface FunctionLogsTarget {
  readonly connection: ConnectionDescriptor;
  readonly region: string;
  readonly functionName: string;
  readonly logGroup?: string;
}

export interface InvocationLogsTarget extends FunctionLogsTarget {
  readonly requestId: string;
}

interface LogCommandContext {
  readonly documents: LogDocuments;
  /** The palette's way to name a function (the invoker's listing). */
  readonly chooseFunction: () => Promise<FunctionLogsTarget | undefined>;
}

const WINDOW_CHOICES: readonly [string, ReportWindow | 'custom'][] = [
  ['Last hour', '1h'],
  ['Last 24 hours', '24h'],
  ['Last 7 days', '7d'],
  ['Custom…', 'custom'],
];

export function logCommands({ documents, chooseFunction }: LogCommandContext) {
  const open = (target: FunctionLogsTarget, selection: LogSelection) =>
    documents.show(
      logUri(
        {
          connectionId: target.connection.id,
          region: target.region,
          functionName: target.functionName,
          ...(target.logGroup ? { logGroup: target.logGroup } : {}),
          ...selection,
        },
        target.connection.label,
      ),
    );
  const activeView = () => {
    const view = documents.activeView();
    if (!view)
      void vscode.window.showInformationMessage(
        'Open a log view first: Tail Logs or Search Logs… on a function.',
      );
    return view;
  };

  return {
    'lambdaLens.tailLogs': async (node?: unknown) => {
      const target = functionTargetOf(node) ?? (await chooseFunction());
      return target ? open(target, { kind: 'tail' }) : undefined;
    },
    'lambdaLens.searchLogs': async (node?: unknown) => {
      const target = functionTargetOf(node) ?? (await chooseFunction());
      if (!target) return undefined;
      const filterPattern = await ui.input({
        title: `Search the logs of ${target.functionName}`,
        prompt: 'A CloudWatch Logs filter pattern; empty for every line',
        placeHolder: 'ERROR   ?timeout ?"Task timed out"   { $.level = "ERROR" }',
        validateInput: (text) =>
          text.length > 1024 ? 'A filter pattern is at most 1,024 characters.' : undefined,
      });
      if (filterPattern === undefined) return undefined;
      const window = await pickWindow();
      return window
        ? open(target, { kind: 'search', filterPattern: filterPattern.trim(), window })
        : undefined;
    },
    'lambdaLens.showInvocationLogs': async (given?: unknown) => {
      let target = invocationTargetOf(given);
      if (!target) {
        const fn = functionTargetOf(given) ?? (await chooseFunction());
        const requestId =
          fn &&
          (await ui.input({
            prompt: `The request id of an invocation of ${fn.functionName}`,
            placeHolder: '8f5b6a3e-2c1d-4e0f-9a7b-1c2d3e4f5a6b',
            validateInput: (t) =>
              REQUEST_ID_PATTERN.test(t.trim().toLowerCase())
                ? undefined
                : 'A request id looks like 8f5b6a3e-2c1d-4e0f-9a7b-1c2d3e4f5a6b.',
          }));
        if (!fn || !requestId) return undefined;
        target = { ...fn, requestId: requestId.trim().toLowerCase() };
      }
      return open(target, { kind: 'invocation', requestId: target.requestId });
    },
    'lambdaLens.filterLogs': async () => {
      const view = activeView();
      if (!view) return;
      const text = await ui.input({
        prompt: 'Show only the lines that contain… (any case; empty shows all)',
        value: view.filter,
        placeHolder: 'text in a line',
      });
      if (text === undefined) return;
      view.setFilter(text);
      documents.redraw(view);
    },
    'lambdaLens.pauseLogs': () => {
      const view = activeView();
      if (!view) return;
      view.pause();
      documents.redraw(view);
    },
    'lambdaLens.resumeLogs': () => {
      const view = activeView();
      if (!view) return;
      view.resume();
      documents.redraw(view);
    },
    'lambdaLens.showOlderLogResults': async () => {
      const view = activeView();
      if (!view) return;
      await view.more();
      documents.redraw(view);
    },
  };
}

async function pickWindow(): Promise<ReportWindow | undefined> {
  const label = await ui.pick(
    WINDOW_CHOICES.map(([l]) => l),
    { placeHolder: 'Search over…' },
  );
  const chosen = WINDOW_CHOICES.find(([l]) => l === label)?.[1];
  if (chosen !== 'custom') return chosen;
  const text = await ui.input({
    prompt:
      'The window: 90m, 3d, 2w, or FROM..TO in ISO 8601 (UTC unless zoned; TO may be left out for now)',
    placeHolder: '2026-11-01..2026-11-08T12:00Z',
    validateInput: (t) => {
      try {
        parseReportWindow(t);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  return text === undefined ? undefined : parseReportWindow(text);
}

/** A tree item, or a target another command gave (a lens, an invoke). */
function functionTargetOf(node: unknown): FunctionLogsTarget | undefined {
  if (node instanceof FunctionNode) {
    const logGroup = node.configuration.LoggingConfig?.LogGroup;
    return {
      connection: node.connection,
      region: node.region,
      functionName: node.configuration.FunctionName ?? '',
      ...(logGroup ? { logGroup } : {}),
    };
  }
  const given = node as Partial<FunctionLogsTarget> | undefined;
  return given?.connection &&
    typeof given.region === 'string' &&
    typeof given.functionName === 'string' &&
    isPlainFunctionName(given.functionName)
    ? (given as FunctionLogsTarget)
    : undefined;
}

function invocationTargetOf(node: unknown): InvocationLogsTarget | undefined {
  // A Recent invocations item carries its target; a command's argument is one.
  const given = (node as { invocation?: unknown } | undefined)?.invocation ?? node;
  const target = functionTargetOf(given);
  const requestId = (given as { requestId?: unknown } | undefined)?.requestId;
  return target && typeof requestId === 'string' && REQUEST_ID_PATTERN.test(requestId)
    ? { ...target, requestId }
    : undefined;
}
