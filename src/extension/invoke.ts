// "Invoke…" on any connection: pick the function (tree item or palette), the event (last used,
// saved in the workspace, the active JSON editor, empty) and the version or alias; then show the
// response as a read-only document and the decoded log tail with its REPORT figures.
import * as vscode from 'vscode';
import { inertText } from '../core/inertText';
import type { InvocationType } from '../core/invoke/payload';
import type { InvokeSummary } from '../core/invoke/invokeResult';
import type { ActiveConnectionStatus } from './activeConnection';
import { loadCloud } from './cloudLoader';
import type { Connections } from './connections';
import type { ReadOnlyDocuments } from './readOnlyDocuments';
import type { ConnectionDescriptor } from '../core/connections';
import type { LocalTarget } from './deploy';
import { RUNTIME_CACHE_FOLDER } from '../core/localHome';
import { isPlainFunctionName } from '../core/arn';
import { SAVED_EVENTS_FOLDER } from '../core/events/savedEvents';
import { readSavedEvent, SavedEventRefused } from './savedEventFiles';
import { lastUsedLabel, recentLabel, rememberedEventName } from '../core/invoke/eventChoiceLabels';
import type * as SampleEvents from './sampleEvents';
import { ui } from './ui';
import { localCpuShare } from './settings';
import { errorMessage } from '../core/errorMessage';
import { requestUrl } from './urlRequest';
import { workspaceCodeFolder } from './workspaceCode';
import type { FunctionUrlConfig } from '../cloud';

/** A function on a connection: what a tree item, a CodeLens or the palette resolves to. */
export interface InvokeTarget {
  readonly connection: ConnectionDescriptor;
  readonly region: string;
  readonly functionName: string;
}

export interface InvokeContext {
  readonly output: vscode.LogOutputChannel;
  readonly connections: Connections;
  readonly documents: ReadOnlyDocuments;
  readonly active: ActiveConnectionStatus;
  /** Remembers the last event used per function (workspace state). */
  readonly state: vscode.Memento;
  /** Told after each invoke that reached the function, with its summary (REPORT from the tail). */
  readonly onInvoked?: (target: InvokeTarget, summary: InvokeSummary) => void;
}

interface EventChoice {
  readonly label: string;
  readonly text: () => Promise<string>;
  /** Where the text came from, for messages ("events/s3-put.json"). */
  readonly source: string;
}

const LAST_EVENT_KEY = 'lambdaLens.lastEvent';
const RECENT_EVENT_KEY = 'lambdaLens.recentEvent';
/** Larger events are not kept as "last used": workspace state is not a file store. */
const LAST_EVENT_MAX_CHARS = 256 * 1024;
const SAMPLE_EVENT = 'Sample event…';
const HTTP_REQUEST = 'HTTP request to the URL…';
const SHOW_INVOCATION_LOGS = 'Show Invocation Logs';

/** What Show Invocation Logs needs of an invoke: the function and the request id its REPORT names. */
function invocationLogs(
  target: InvokeTarget | undefined,
  summary: InvokeSummary,
): (InvokeTarget & { requestId: string }) | undefined {
  const requestId = summary.report?.requestId;
  return target && requestId
    ? {
        connection: target.connection,
        region: target.region,
        functionName: target.functionName,
        requestId,
      }
    : undefined;
}

export class Invoker {
  constructor(private readonly context: InvokeContext) {}

  /** The whole flow; `target` is absent from the palette (then the user picks a function). */
  async run(
    target: InvokeTarget | undefined,
    type: InvocationType = 'RequestResponse',
  ): Promise<InvokeSummary | undefined> {
    target ??= await this.chooseFunction();
    if (!target) return undefined;
    const qualifiers = this.qualifiersOf(target); // fetched while the user picks the event
    const urls = type === 'RequestResponse' ? await this.urlsOf(target) : [];
    const payload = await this.chooseEvent(target, type, urls);
    if (!payload) return undefined;
    if ('url' in payload) {
      await requestUrl(
        {
          functionName: target.functionName,
          url: payload.url.FunctionUrl ?? '',
          authType: payload.url.AuthType ?? '',
        },
        this.context.documents,
        this.context.output,
      );
      return undefined;
    }
    const qualifier = await this.pickQualifier(target, await qualifiers);
    if (qualifier === undefined) return undefined;
    await payload.remember();
    return this.invoke(target, payload.bytes, qualifier, type);
  }

  /** The event, picked and checked; `remember` keeps it as the function's last used, once the invoke goes ahead. */
  async chooseEvent(
    target: InvokeTarget,
    type?: InvocationType,
  ): Promise<{ bytes: Uint8Array; remember: () => Promise<void> } | undefined>;
  async chooseEvent(
    target: InvokeTarget,
    type: InvocationType,
    urls: readonly FunctionUrlConfig[],
  ): Promise<
    { bytes: Uint8Array; remember: () => Promise<void> } | { url: FunctionUrlConfig } | undefined
  >;
  async chooseEvent(
    target: InvokeTarget,
    type: InvocationType = 'RequestResponse',
    urls: readonly FunctionUrlConfig[] = [],
  ): Promise<
    { bytes: Uint8Array; remember: () => Promise<void> } | { url: FunctionUrlConfig } | undefined
  > {
    const event = await this.pickEvent(target, urls);
    if (!event) return undefined;
    if ('url' in event) return event;
    let text: string;
    try {
      text = await event.text();
    } catch (error) {
      if (!(error instanceof SavedEventRefused)) throw error;
      void vscode.window.showErrorMessage(error.message);
      return undefined;
    }
    // The check travels with the cloud bundle (its JSON error locator is a library), which invoking needs anyway.
    const checked = loadCloud().checkPayload(text, type, event.source);
    if (!checked.ok) {
      void vscode.window.showErrorMessage(checked.message);
      return undefined;
    }
    return { bytes: checked.bytes, remember: () => this.remember(target, text, event.label) };
  }

  /** Sends the payload and shows what came back. */
  async invoke(
    target: InvokeTarget,
    payload: Uint8Array,
    qualifier: string,
    type: InvocationType,
  ): Promise<InvokeSummary | undefined> {
    const { output, connections } = this.context;
    const name =
      qualifier === '$LATEST' ? target.functionName : `${target.functionName}:${qualifier}`;
    const where = `${target.connection.label}, ${target.region}`;
    output.info(
      `Invoking ${name} (${where}, ${type === 'Event' ? 'asynchronously' : 'waiting for the result'})`,
    );
    let summary: InvokeSummary;
    let executedVersion: string | undefined;
    try {
      summary = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Invoking ${name}…`,
          cancellable: true,
        },
        async (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          const cloud = loadCloud();
          // Asked per invoke too, so that the setting holds on an endpoint started elsewhere (or before it changed).
          const cpuShare = target.connection.kind === 'local' && localCpuShare();
          const raw = await cloud.invokeFunction(
            await connections.lambdaClient(target.connection, target.region),
            {
              functionName: target.functionName,
              payload,
              qualifier,
              type,
              ...(cpuShare ? { cpuShare } : {}),
            },
            abort.signal,
          );
          executedVersion = raw.executedVersion;
          return cloud.summarizeInvoke(raw);
        },
      );
    } catch (error) {
      const message =
        error instanceof Error
          ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
          : String(error);
      output.error(`Invoke of ${name} failed: ${message}`);
      void vscode.window.showErrorMessage(`Could not invoke ${name} (${where}): ${message}`);
      return undefined;
    }
    this.context.onInvoked?.(target, summary);
    const shown = await this.mapTraces(summary, target, executedVersion);
    await this.report(name, type, shown, target);
    return shown;
  }

  /**
   * A local run's stack frames pointed at the workspace's files: those of the folder the handler
   * was just deployed from (Invoke locally, Debug locally), or, for a function of the Local
   * connection, the folder its definition in the workspace names. Any other summary as it came.
   */
  async mapTraces(
    summary: InvokeSummary,
    target: InvokeTarget | LocalTarget,
    executedVersion?: string,
  ): Promise<InvokeSummary> {
    const cloud = loadCloud();
    if ('codeFolder' in target && 'codeSha256' in target)
      return cloud.mapLocalInvoke(summary, {
        codeFolder: target.codeFolder,
        codeSha256: target.codeSha256,
      });
    if (
      target.connection.kind !== 'local' ||
      !`${summary.log}${summary.responseText}`.includes(RUNTIME_CACHE_FOLDER)
    )
      return summary;
    try {
      const codeFolder = await workspaceCodeFolder(target.functionName);
      const codeSha256 =
        codeFolder &&
        (await cloud.codeSha256Of(
          await this.context.connections.target(target.connection, target.region),
          target.functionName,
          executedVersion,
        ));
      return codeFolder && codeSha256
        ? cloud.mapLocalInvoke(summary, { codeFolder, codeSha256 })
        : summary;
    } catch {
      return summary; // a definition file that cannot be read: the trace as it ran
    }
  }

  /** The response as a document, the log tail and any failure, as for every invoke; `target` offers the invocation's log lines. */
  async report(
    name: string,
    type: InvocationType,
    summary: InvokeSummary,
    target?: InvokeTarget,
  ): Promise<void> {
    const { output, documents } = this.context;
    // What the function wrote, with its control characters made inert (escape sequences show as text).
    if (summary.log)
      output.info(`Log tail of ${name}:\n${inertText(summary.log.replace(/\n$/, ''))}`);
    if (summary.headline) output.info(`${name}: ${summary.headline}`);
    if (type === 'Event') {
      void vscode.window.showInformationMessage(
        `${name} was invoked asynchronously: Lambda queued the event. Its logs show the run.`,
      );
      return;
    }
    await documents.show(
      `/invoke/${name.replace(/[:/]/g, '-')}-response.${summary.responseIsJson ? 'json' : 'txt'}`,
      summary.responseText || '(empty response)\n',
      summary.responseIsJson ? 'json' : 'plaintext',
    );
    if (summary.failure) {
      const { errorType, errorMessage, stack } = summary.failure;
      const failure = inertText(`${errorType}: ${errorMessage}`);
      output.error(
        `${name} failed: ${failure}${stack.length ? `\n${inertText(stack.join('\n'))}` : ''}`,
      );
      const logs = invocationLogs(target, summary);
      void ui
        .error(`${name} failed: ${failure}`, 'Show Output', ...(logs ? [SHOW_INVOCATION_LOGS] : []))
        .then((choice) => {
          if (choice === SHOW_INVOCATION_LOGS)
            void vscode.commands.executeCommand('lambdaLens.showInvocationLogs', logs);
          else if (choice) output.show(true);
        });
    } else if (summary.headline) {
      this.showInvokeStatus(
        name,
        summary.shortHeadline ?? summary.headline,
        summary.headline,
        invocationLogs(target, summary),
      );
    }
  }

  private statusItem: vscode.StatusBarItem | undefined;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;

  /** The last invoke in the status bar for 15 s: a few words that fit, the whole headline in its tooltip. */
  private showInvokeStatus(
    name: string,
    short: string,
    headline: string,
    logs: ReturnType<typeof invocationLogs>,
  ): void {
    const item = (this.statusItem ??= vscode.window.createStatusBarItem(
      'lambdaLens.lastInvoke',
      vscode.StatusBarAlignment.Left,
      49,
    ));
    item.name = 'Lambda: last invoke';
    item.text = `$(check) ${name} · ${short}`;
    item.tooltip = `${name}: ${headline}${logs ? "\nClick for the invocation's log lines" : ''}`;
    item.command = logs
      ? { command: 'lambdaLens.showInvocationLogs', title: SHOW_INVOCATION_LOGS, arguments: [logs] }
      : undefined;
    item.accessibilityInformation = { label: `${name} invoked: ${headline}` };
    item.show();
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => item.hide(), 15_000);
  }

  /** A function of the active connection (or of the local endpoint), picked from its listing (the palette's way to name one). */
  async chooseFunction(on: 'active' | 'local' = 'active'): Promise<InvokeTarget | undefined> {
    const local =
      on === 'local' ? this.context.active.all().find((c) => c.kind === 'local') : undefined;
    const active = local
      ? { connection: local, region: local.regions[0]! }
      : this.context.active.current();
    if (!active || (on === 'local' && !local)) {
      void vscode.window.showErrorMessage(
        on === 'local'
          ? 'The local endpoint is turned off: enable it (setting lambdaLens.local.enabled) to debug locally.'
          : 'No Lambda connection is configured: enable the local endpoint or add an AWS profile.',
      );
      return undefined;
    }
    const cloud = loadCloud();
    const names: string[] = [];
    try {
      const client = await this.context.connections.lambdaClient(active.connection, active.region);
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Window,
          title: `Listing functions in ${active.connection.label}`,
        },
        async () => {
          for await (const page of cloud.listFunctionPages(client))
            names.push(...page.functions.map((f) => f.FunctionName ?? '').filter(Boolean));
        },
      );
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Could not list the functions of ${active.connection.label} (${active.region}): ${errorMessage(error)}`,
      );
      return undefined;
    }
    if (!names.length) {
      void vscode.window.showInformationMessage(
        `${active.connection.label} has no functions in ${active.region}: deploy one first.`,
      );
      return undefined;
    }
    const functionName = await ui.pick(names.sort(), {
      placeHolder: `Function to invoke (${active.connection.label}, ${active.region})`,
    });
    return functionName
      ? { connection: active.connection, region: active.region, functionName }
      : undefined;
  }

  /** The function's URLs, for the picker's "HTTP request to the URL…"; none when they cannot be listed. */
  private async urlsOf(target: InvokeTarget): Promise<FunctionUrlConfig[]> {
    try {
      const cloud = loadCloud();
      return (
        await cloud.listFunctionUrls(
          await this.context.connections.lambdaClient(target.connection, target.region),
          target.functionName,
        )
      ).filter((u) => u.FunctionUrl);
    } catch {
      return [];
    }
  }

  private async pickEvent(
    target: InvokeTarget,
    urls: readonly FunctionUrlConfig[] = [],
  ): Promise<EventChoice | { url: FunctionUrlConfig } | undefined> {
    const choices: EventChoice[] = [];
    const last = this.context.state.get<{ text: string; label: string }>(this.lastKey(target));
    if (last)
      choices.push({
        label: lastUsedLabel(last.label),
        text: async () => last.text,
        source: 'The last event',
      });
    // The last event of any function: invoke the deployed function with the event just used locally.
    const recent = this.context.state.get<{ text: string; label: string; functionName: string }>(
      RECENT_EVENT_KEY,
    );
    if (recent && recent.text !== last?.text) {
      choices.push({
        label: recentLabel(recent.label, recent.functionName),
        text: async () => recent.text,
        source: 'The recent event',
      });
    }
    for (const file of await savedEvents(target.functionName)) {
      const relative = vscode.workspace.asRelativePath(file);
      choices.push({
        label: `Saved: ${relative}`,
        text: () => readSavedEvent(file),
        source: relative,
      });
    }
    const editor = vscode.window.activeTextEditor;
    if (
      editor &&
      editor.document.languageId === 'json' &&
      editor.document.uri.scheme !== 'lambda-lens'
    ) {
      const label = vscode.workspace.asRelativePath(editor.document.uri);
      choices.push({
        label: `Active editor: ${label}`,
        text: async () => editor.document.getText(),
        source: label,
      });
    }
    choices.push({ label: 'Empty event: {}', text: async () => '{}', source: 'The empty event' });
    const urlChoices = urls.map((url) => ({
      label: urls.length > 1 ? `${HTTP_REQUEST} (${url.FunctionUrl})` : HTTP_REQUEST,
      url,
    }));
    const picked = await ui.pick(
      [...choices.map((c) => c.label), SAMPLE_EVENT, ...urlChoices.map((c) => c.label)],
      { placeHolder: `Event for ${target.functionName}` },
    );
    const urlChoice = urlChoices.find((c) => c.label === picked);
    if (urlChoice) return { url: urlChoice.url };
    if (picked === SAMPLE_EVENT) {
      // The catalog is large: loaded when asked for, not with the invoke command.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const sample = await (require('./sampleEvents') as typeof SampleEvents).pickSampleEvent(
        `Sample event for ${target.functionName}`,
      );
      if (!sample) return undefined;
      return {
        label: `Sample: ${sample.service} ${sample.event}`,
        text: async () => sample.text,
        source: `The ${sample.service} ${sample.event} event`,
      };
    }
    return choices.find((c) => c.label === picked);
  }

  private async qualifiersOf(target: InvokeTarget): Promise<string[]> {
    try {
      const cloud = loadCloud();
      const { versions, aliases } = await cloud.versionsAndAliases(
        await this.context.connections.lambdaClient(target.connection, target.region),
        target.functionName,
      );
      return [
        ...aliases.map((a) => a.Name ?? '').filter(Boolean),
        ...versions
          .map((v) => v.Version ?? '')
          .filter((v) => v && v !== '$LATEST')
          .reverse(),
      ];
    } catch {
      return []; // the invoke itself will say what is wrong
    }
  }

  private async pickQualifier(
    target: InvokeTarget,
    qualifiers: string[],
  ): Promise<string | undefined> {
    if (!qualifiers.length) return '$LATEST';
    return ui.pick(['$LATEST', ...qualifiers], {
      placeHolder: `Version or alias of ${target.functionName}`,
    });
  }

  private lastKey(target: InvokeTarget): string {
    return `${LAST_EVENT_KEY}:${target.connection.id}:${target.region}:${target.functionName}`;
  }

  private async remember(target: InvokeTarget, text: string, label: string): Promise<void> {
    if (text.length > LAST_EVENT_MAX_CHARS) return;
    const name = rememberedEventName(label);
    await this.context.state.update(this.lastKey(target), { text, label: name });
    await this.context.state.update(RECENT_EVENT_KEY, {
      text,
      label: name,
      functionName: target.functionName,
    });
  }
}

/** Events saved for a function in the workspace: `.lambda-lens/events/<function>/*.json`. */
async function savedEvents(functionName: string): Promise<vscode.Uri[]> {
  // The name becomes part of a glob: only plain names (a server could send anything).
  if (!vscode.workspace.workspaceFolders?.length || !isPlainFunctionName(functionName)) return [];
  const files = await vscode.workspace.findFiles(
    `${SAVED_EVENTS_FOLDER}/${functionName}/*.json`,
    undefined,
    200,
  );
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
