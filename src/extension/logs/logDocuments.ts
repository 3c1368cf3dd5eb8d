// The read-only log documents (scheme lambda-logs): a view per URI, created when VS Code first
// asks for the URI's content and disposed (its follow stopped) when the document is closed. A view
// that changes asks for a redraw; redraws are batched, at most one per document every 100 ms, so
// a function printing 100,000 lines costs the extension host ten updates a second, not one per
// line. Each redraw sends the whole text to the window (the content provider's way), and the next
// waits until the window has applied it: 2 MB messages sent faster than the window took them
// queued up, and the extension host then spent 400 ms in one go joining the queue's buffers. A
// redraw the window took long to apply is followed by as long a pause (core/logs/redrawPace.ts).
// The text is made one turn of the event loop before VS Code asks for it, since VS Code then
// splits, compares and serializes it in the same turn: apart, neither turn holds the host as long.
// An editor scrolled to the end stays at the end as lines arrive.
import * as vscode from 'vscode';
import { RedrawPace } from '../../core/logs/redrawPace';
import { LOG_LANGUAGE, LOGS_SCHEME, logRequestOf, type LogRequest } from './logRequest';

/** A document's content and the reader's controls over it (logViews.ts makes them). */
export interface LogView extends vscode.Disposable {
  readonly request: LogRequest;
  /** The connection's label, for the URIs of linked invocations. */
  readonly connectionLabel: string;
  readonly paused: boolean;
  readonly filter: string;
  /** A search with older invocations still to read. */
  readonly hasMore: boolean;
  text(): string;
  pause(): void;
  resume(): void;
  setFilter(text: string): void;
  more(): Promise<void>;
}

/** Makes the view of a request; `changed` asks for a redraw. Undefined when the request names no known connection. */
export type LogViewFactory = (request: LogRequest, changed: () => void) => LogView | undefined;

export const FLUSH_INTERVAL_MS = 100;
/** How long a redraw may go unanswered (a text VS Code found unchanged sends no change back). */
const REDRAW_ANSWER_MS = 1000;

export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly views = new Map<string, LogView>();
  private readonly changedEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changedEmitter.event;
  private readonly pending = new Map<string, vscode.Uri>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires. */
  private timerDue = 0;
  private readonly pace = new RedrawPace(FLUSH_INTERVAL_MS);
  /** Texts made for the redraws about to go. */
  private readonly prepared = new Map<string, string>();
  /** Documents whose last redraw the window has not applied yet, with the timer that stops waiting. */
  private readonly inFlight = new Map<string, ReturnType<typeof setTimeout>>();
  /** Editors whose last line was in sight: they follow the end as lines arrive. */
  private readonly following = new WeakMap<vscode.TextEditor, boolean>();
  private readonly subscriptions: vscode.Disposable[];
  /** How many redraws each document had (tests and the bench read it). */
  readonly flushes = new Map<string, number>();

  constructor(private readonly create: LogViewFactory) {
    this.subscriptions = [
      this.changedEmitter,
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document.uri)),
      // A view that changed while VS Code was opening its document (a fast invocation read, a
      // link's target) is drawn again: VS Code ignores changes of documents it has not opened yet.
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (document.uri.scheme === LOGS_SCHEME && this.views.has(document.uri.toString()))
          this.changedEmitter.fire(document.uri);
      }),
      // VS Code keeps a closed tab's document for a while: the view stops with its last tab.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
          if (uri?.scheme === LOGS_SCHEME && !this.isInATab(uri)) this.closed(uri);
        }
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        if (e.textEditor.document.uri.scheme !== LOGS_SCHEME) return;
        const last = e.visibleRanges[e.visibleRanges.length - 1];
        this.following.set(
          e.textEditor,
          !last || last.end.line >= e.textEditor.document.lineCount - 2,
        );
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== LOGS_SCHEME || e.contentChanges.length === 0) return;
        this.answered(e.document.uri.toString(), true);
        for (const editor of vscode.window.visibleTextEditors) {
          if (editor.document !== e.document || this.following.get(editor) === false) continue;
          const end = e.document.lineAt(e.document.lineCount - 1).range.end;
          editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
        }
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = uri.toString();
    const prepared = this.prepared.get(key);
    this.prepared.delete(key);
    if (prepared !== undefined && this.views.has(key)) return prepared;
    const view = this.viewFor(uri);
    return view
      ? view.text()
      : '# This is not a log view Lambda Lens can open: use Tail Logs or Search Logs… on a function in the Functions view.\n';
  }

  /** The view of `uri`, made on first need (its request read from the URI). */
  private viewFor(uri: vscode.Uri): LogView | undefined {
    const key = uri.toString();
    let view = this.views.get(key);
    if (!view) {
      const request = logRequestOf(uri);
      view = request && this.create(request, () => this.changed(uri));
      if (view) this.views.set(key, view);
    }
    return view;
  }

  private isInATab(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.window.tabGroups.all.some((group) =>
      group.tabs.some(
        (tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === key,
      ),
    );
  }

  viewOf(uri: vscode.Uri | undefined): LogView | undefined {
    return uri ? this.views.get(uri.toString()) : undefined;
  }

  /** The active editor's log view. */
  activeView(): LogView | undefined {
    return this.viewOf(vscode.window.activeTextEditor?.document.uri);
  }

  /** Opens (or shows again) the document of `uri`. */
  async show(uri: vscode.Uri): Promise<vscode.TextEditor> {
    // A view stopped with its tab starts again; its document, which VS Code may still hold with
    // the old text, is redrawn below.
    this.viewFor(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== LOG_LANGUAGE)
      await vscode.languages.setTextDocumentLanguage(document, LOG_LANGUAGE);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // A document VS Code still held shows the old view's text until drawn again.
    this.changedEmitter.fire(uri);
    this.updateContext();
    return editor;
  }

  /** Redraws a view now (after the reader changed its filter or paused it). */
  redraw(view: LogView): void {
    for (const [key, v] of this.views)
      if (v === view) this.changedEmitter.fire(vscode.Uri.parse(key));
    this.updateContext();
  }

  private changed(uri: vscode.Uri): void {
    this.pending.set(uri.toString(), uri);
    this.schedule();
  }

  /** Sets the timer for the first pending redraw that may go (one not waiting for the window). */
  private schedule(): void {
    const now = Date.now();
    let wait: number | undefined;
    for (const key of this.pending.keys()) {
      if (this.inFlight.has(key)) continue;
      const w = this.pace.waitFor(key, now);
      wait = wait === undefined ? w : Math.min(wait, w);
    }
    if (wait === undefined || (this.timer && this.timerDue <= now + wait)) return;
    clearTimeout(this.timer);
    this.timerDue = now + wait;
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const now = Date.now();
    for (const [key, uri] of [...this.pending]) {
      if (!this.views.has(key)) {
        this.pending.delete(key);
        continue;
      }
      // Drawn when the window has applied the last redraw and its pause is over.
      if (this.inFlight.has(key) || this.pace.waitFor(key, now) > 0) continue;
      this.pending.delete(key);
      this.flushes.set(key, (this.flushes.get(key) ?? 0) + 1);
      this.inFlight.set(
        key,
        setTimeout(() => this.answered(key, false), REDRAW_ANSWER_MS),
      );
      this.pace.sentAt(key, now);
      this.prepared.set(key, this.views.get(key)!.text());
      // Not for a document closed meanwhile: asking for its text would start its view again.
      setTimeout(() => this.views.has(key) && this.changedEmitter.fire(uri), 0);
      // The title bar's buttons follow the view (a search that found older invocations, say).
      if (vscode.window.activeTextEditor?.document.uri.toString() === key) this.updateContext();
    }
    this.schedule();
  }

  /** The window applied a redraw (or stopped being waited for): the next may go, after its pause. */
  private answered(key: string, applied: boolean): void {
    if (!this.inFlight.has(key)) return;
    clearTimeout(this.inFlight.get(key));
    this.inFlight.delete(key);
    if (applied) this.pace.applied(key, Date.now());
    else this.pace.unanswered(key);
    this.schedule();
  }

  private closed(uri: vscode.Uri): void {
    if (uri.scheme !== LOGS_SCHEME) return;
    const key = uri.toString();
    this.views.get(key)?.dispose();
    this.views.delete(key);
    this.pending.delete(key);
    clearTimeout(this.inFlight.get(key));
    this.inFlight.delete(key);
    this.pace.forget(key);
    this.prepared.delete(key);
  }

  private updateContext(): void {
    const view = this.activeView();
    void vscode.commands.executeCommand(
      'setContext',
      'lambdaLens.logsFollowing',
      view?.request.kind === 'tail',
    );
    void vscode.commands.executeCommand(
      'setContext',
      'lambdaLens.logsPaused',
      view?.paused === true,
    );
    void vscode.commands.executeCommand(
      'setContext',
      'lambdaLens.logsHaveMore',
      view?.hasMore === true,
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const timer of this.inFlight.values()) clearTimeout(timer);
    for (const view of this.views.values()) view.dispose();
    this.views.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
