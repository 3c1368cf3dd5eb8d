// Links in a log document: request ids open that invocation's lines (START to REPORT) — a log
// document of our own scheme, built from the function this document shows and the id alone, so
// whatever else a line says cannot choose where a click leads — and stack frames open their file
// at the line (traceLinkProvider.ts). A frame of a local function names the endpoint's unzipped
// copy (…/runtime-cache/<sha>/index.js:4): its link opens the workspace's file instead, mapped as
// an invoke's result maps it (cloud/localTraces.ts), when clicked (resolveDocumentLink), so that
// asking for the links reads no definition file nor source map.
//
// A log document is up to megabytes and is asked for its links after every redraw: its lines are
// read one at a time, newest first, in slices of a few milliseconds with the event loop free
// between them (reading the whole text and scanning it held the extension host for tens of ms).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { findTraceLinks } from '../../core/invoke/traceLinks';
import { copyFileOf } from '../../core/invoke/traceMapping';
import { LOCAL_CONNECTION_ID } from '../../core/connectionIds';
import { RUNTIME_CACHE_FOLDER } from '../../core/localHome';
import { requestIdStarts } from '../../core/logs/requestIdSpans';
import { loadCloud } from '../cloudLoader';
import { fileAtLine } from '../traceLinkProvider';
import { workspaceCodeFolder } from '../workspaceCode';
import type { LogDocuments } from './logDocuments';
import { logUri } from './logRequest';

/** Links of each kind made per document at most: a huge document should not make a huge answer. */
const MAX_LINKS = 5000;
/** The longest the provider keeps the extension host busy in one go. */
const SLICE_MS = 4;

/** A stack frame in a local function's copy: where it leads is worked out when it is clicked. */
class LocalFrameLink extends vscode.DocumentLink {
  constructor(
    range: vscode.Range,
    readonly file: string,
    readonly line: number,
    readonly column: number | undefined,
    readonly functionName: string,
  ) {
    super(range);
    this.tooltip = `Open this frame's file in the workspace (it ran from the local endpoint's copy, line ${line})`;
  }
}

export class LogLinkProvider implements vscode.DocumentLinkProvider {
  /** `localHome` is the local endpoint's home, whose copies local frames name. */
  constructor(
    private readonly documents: LogDocuments,
    private readonly localHome: () => string,
  ) {}

  async provideDocumentLinks(
    document: vscode.TextDocument,
    token: vscode.CancellationToken,
  ): Promise<vscode.DocumentLink[]> {
    const view = this.documents.viewOf(document.uri);
    if (!view) return [];
    const { connectionId, region, functionName, logGroup } = view.request;
    const own = view.request.kind === 'invocation' ? view.request.requestId : undefined;
    const local = connectionId === LOCAL_CONNECTION_ID;
    const frames: vscode.DocumentLink[] = [];
    const ids: vscode.DocumentLink[] = [];
    const targets = new Map<string, vscode.Uri>();
    let sliceStarted = performance.now();
    // Newest lines first: when there are too many, the links go to the end of the document.
    for (
      let i = document.lineCount - 1;
      i >= 0 && (frames.length < MAX_LINKS || ids.length < MAX_LINKS);
      i--
    ) {
      if (performance.now() - sliceStarted > SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested || document.isClosed) return [];
        sliceStarted = performance.now();
      }
      const text = document.lineAt(i).text;
      if (frames.length < MAX_LINKS && (text.includes('/') || text.includes('\\'))) {
        for (const found of findTraceLinks(text)) {
          const range = new vscode.Range(i, found.start, i, found.end);
          if (local && copyFileOf(found.file)) {
            frames.push(
              new LocalFrameLink(range, found.file, found.line, found.column, functionName),
            );
            continue;
          }
          const link = new vscode.DocumentLink(
            range,
            fileAtLine(found.file, found.line, found.column),
          );
          link.tooltip = `Open ${found.file} at line ${found.line}`;
          frames.push(link);
        }
      }
      if (ids.length >= MAX_LINKS) continue;
      for (const start of requestIdStarts(text)) {
        const requestId = text.slice(start, start + 36);
        if (requestId === own) continue;
        let target = targets.get(requestId);
        if (!target) {
          target = logUri(
            {
              connectionId,
              region,
              functionName,
              ...(logGroup ? { logGroup } : {}),
              kind: 'invocation',
              requestId,
            },
            view.connectionLabel,
          );
          targets.set(requestId, target);
        }
        const link = new vscode.DocumentLink(
          new vscode.Range(i, start, i, start + requestId.length),
          target,
        );
        link.tooltip = `Show the lines of invocation ${requestId}`;
        ids.push(link);
      }
    }
    return [...frames, ...ids];
  }

  async resolveDocumentLink(link: vscode.DocumentLink): Promise<vscode.DocumentLink> {
    if (!(link instanceof LocalFrameLink)) return link;
    let mapped: { file: string; line: number; column: number | undefined } | undefined;
    try {
      const codeFolder = await workspaceCodeFolder(link.functionName);
      if (codeFolder)
        mapped = loadCloud().mapLocalFrame(
          link.file,
          link.line,
          link.column,
          join(this.localHome(), RUNTIME_CACHE_FOLDER),
          codeFolder,
        );
    } catch {
      // A definition file that cannot be read: the frame opens where it ran.
    }
    link.target = mapped
      ? fileAtLine(mapped.file, mapped.line, mapped.column)
      : fileAtLine(link.file, link.line, link.column);
    return link;
  }
}
