// "HTTP request to the URL…" in the Invoke picker: a function with a Function URL is called over
// HTTP as a browser or curl would (method, path, body), and the answer — status, headers, body —
// opens as a read-only document, as an invoke's response does.
import * as vscode from 'vscode';
import type { ReadOnlyDocuments } from './readOnlyDocuments';
import { ui } from './ui';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const REQUEST_TIMEOUT_MS = 15 * 60_000;

export interface UrlRequestTarget {
  readonly functionName: string;
  readonly url: string;
  readonly authType: string;
}

/** The answer as text: the status line, the headers, a blank line, the body (JSON indented). */
export function responseText(
  status: number,
  statusText: string,
  headers: Iterable<[string, string]>,
  body: string,
  contentType: string | null,
): string {
  let shown = body;
  if (contentType?.includes('json')) {
    try {
      shown = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      /* shown as sent */
    }
  }
  return `HTTP ${status} ${statusText}\n${[...headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${shown}\n`;
}

export async function requestUrl(
  target: UrlRequestTarget,
  documents: ReadOnlyDocuments,
  output: vscode.LogOutputChannel,
): Promise<number | undefined> {
  if (target.authType === 'AWS_IAM') {
    void vscode.window.showInformationMessage(
      `The URL of ${target.functionName} accepts only SigV4-signed requests (AWS_IAM). Call it with curl --aws-sigv4 "aws:amz:REGION:lambda" --user KEY:SECRET ${target.url}, or use Invoke.`,
    );
    return undefined;
  }
  const method = await ui.pick(METHODS, { placeHolder: `HTTP method for ${target.url}` });
  if (!method) return undefined;
  const path = await ui.input({
    prompt: `Path (and query) after ${target.url.replace(/\/$/, '')}`,
    value: '/',
    validateInput: (text) =>
      !text.startsWith('/')
        ? 'Start with "/"'
        : [...text].some((c) => c.charCodeAt(0) <= 0x20 || c === '\u007f')
          ? 'No spaces or control characters: percent-encode them'
          : undefined,
  });
  if (path === undefined) return undefined;
  let body: string | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    body = await ui.input({
      prompt: 'Request body (JSON is sent as application/json; leave empty for none)',
      value: '',
    });
    if (body === undefined) return undefined;
  }
  const address = `${target.url.replace(/\/$/, '')}${path}`;
  output.info(`${method} ${address}`);
  try {
    const text = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `${method} ${address}`,
        cancellable: true,
      },
      async (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
        try {
          const response = await fetch(address, {
            method,
            signal: abort.signal,
            ...(body
              ? {
                  body,
                  headers: {
                    'content-type': isJson(body) ? 'application/json' : 'text/plain; charset=utf-8',
                  },
                }
              : {}),
          });
          const answer = await response.text();
          output.info(`${method} ${address} → ${response.status}`);
          return {
            status: response.status,
            text: responseText(
              response.status,
              response.statusText,
              response.headers,
              answer,
              response.headers.get('content-type'),
            ),
          };
        } finally {
          clearTimeout(timer);
        }
      },
    );
    await documents.show(
      `/invoke/${target.functionName}-http-response.txt`,
      text.text,
      'plaintext',
    );
    return text.status;
  } catch (error) {
    void vscode.window.showErrorMessage(
      `${method} ${address} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
