// Stack frames in the extension's read-only documents (an invoke's result, a log stream, a log view) open
// their file at the line when clicked: the editor detects only URLs by itself, not paths.
import * as vscode from 'vscode';
import { findTraceLinks } from '../core/invoke/traceLinks';

export class TraceLinkProvider implements vscode.DocumentLinkProvider {
  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    return traceLinksOf(document, document.getText());
  }
}

/** The stack frames of `text` (the document's) as links. */
export function traceLinksOf(document: vscode.TextDocument, text: string): vscode.DocumentLink[] {
  return findTraceLinks(text).map((found) => {
    // `#L4,9`: the fragment the editor's opener turns into a selection.
    const target = vscode.Uri.file(found.file).with({ fragment: `L${found.line}${found.column ? `,${found.column}` : ''}` });
    const link = new vscode.DocumentLink(new vscode.Range(document.positionAt(found.start), document.positionAt(found.end)), target);
    link.tooltip = `Open ${found.file} at line ${found.line}`;
    return link;
  });
}
