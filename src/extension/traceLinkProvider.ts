// Stack frames in the extension's read-only documents (an invoke's result, a log stream, a log view) open
// their file at the line when clicked: the editor detects only URLs by itself, not paths.
import * as vscode from 'vscode';
import { findTraceLinks, type TraceLink } from '../core/invoke/traceLinks';

export class TraceLinkProvider implements vscode.DocumentLinkProvider {
  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    return traceLinksOf(document, document.getText());
  }
}

/** The stack frames of `text` (the document's) as links. */
export function traceLinksOf(document: vscode.TextDocument, text: string): vscode.DocumentLink[] {
  return findTraceLinks(text).map((found) => {
    const link = new vscode.DocumentLink(
      new vscode.Range(document.positionAt(found.start), document.positionAt(found.end)),
      fileAtLine(found.file, found.line, found.column),
    );
    link.tooltip = `Open ${found.file} at line ${found.line}`;
    return link;
  });
}

/** A file opened at a line (and column): `#L4,9` is the fragment the editor's opener turns into a selection. */
export function fileAtLine(file: string, line: number, column: number | undefined): vscode.Uri {
  return vscode.Uri.file(file).with({ fragment: `L${line}${column ? `,${column}` : ''}` });
}

export type { TraceLink };
