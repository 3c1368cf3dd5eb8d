// Links in a log document: request ids open that invocation's lines (START to REPORT) — a log
// document of our own scheme, built from the function this document shows and the id alone, so
// whatever else a line says cannot choose where a click leads — and stack frames open their file
// at the line (traceLinkProvider.ts). One provider reads the document's text once for both: a
// log document is up to megabytes, asked for its links after every redraw.
import * as vscode from 'vscode';
import { requestIdStarts } from '../../core/logs/requestIdSpans';
import { traceLinksOf } from '../traceLinkProvider';
import type { LogDocuments } from './logDocuments';
import { logUri } from './logRequest';

/** Links made per document at most: a huge document should not make a huge answer. */
const MAX_LINKS = 5000;

export class LogLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly documents: LogDocuments) {}

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const view = this.documents.viewOf(document.uri);
    if (!view) return [];
    const { connectionId, region, functionName, logGroup } = view.request;
    const own = view.request.kind === 'invocation' ? view.request.requestId : undefined;
    const text = document.getText();
    const links: vscode.DocumentLink[] = traceLinksOf(document, text).slice(-MAX_LINKS);
    const targets = new Map<string, vscode.Uri>();
    // Newest lines last: when there are too many, the links go to the end of the document.
    for (const start of requestIdStarts(text).slice(-MAX_LINKS)) {
      const requestId = text.slice(start, start + 36);
      if (requestId === own) continue;
      let target = targets.get(requestId);
      if (!target) {
        target = logUri({ connectionId, region, functionName, ...(logGroup ? { logGroup } : {}), kind: 'invocation', requestId }, view.connectionLabel);
        targets.set(requestId, target);
      }
      const link = new vscode.DocumentLink(new vscode.Range(document.positionAt(start), document.positionAt(start + requestId.length)), target);
      link.tooltip = `Show the lines of invocation ${requestId}`;
      links.push(link);
    }
    return links;
  }
}
