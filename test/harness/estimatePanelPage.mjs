// The estimate panel's webview outside the workbench, for UI tests and the benchmark: the built
// dist/media/estimate.js and both stylesheets served from loopback under the panel's own
// Content-Security-Policy (stylesheets from the origin, the script by nonce, nothing inline), with
// a VS Code theme's tokens set on the page as VS Code sets them (CSSOM) and its body class.
/* global window, document, requestAnimationFrame */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const NONCE = 'bGFtYmRhLWxlbnMtdGVzdA==';

/**
 * VS Code 1.139's default themes (theme-defaults and the colour registry's defaults): the tokens
 * the panel reads. charts.orange is editor.findMatchHighlightBackground, #EA5C0055 (a third
 * opaque) in light and dark, and unset in high contrast.
 */
export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    tokens: {
      'editor-background': '#FFFFFF',
      foreground: '#3B3B3B',
      'editor-foreground': '#3B3B3B',
      descriptionForeground: '#3B3B3B',
      'charts-foreground': '#3B3B3B',
      'charts-lines': '#3B3B3B80',
      'charts-red': '#E51400',
      'charts-blue': '#0063D3',
      'charts-yellow': '#BF8803',
      'charts-orange': '#EA5C0055',
      'charts-green': '#388A34',
      'charts-purple': '#652D90',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    tokens: {
      'editor-background': '#1F1F1F',
      foreground: '#CCCCCC',
      'editor-foreground': '#CCCCCC',
      descriptionForeground: '#9D9D9D',
      'charts-foreground': '#CCCCCC',
      'charts-lines': '#CCCCCC80',
      'charts-red': '#F14C4C',
      'charts-blue': '#59A4F9',
      'charts-yellow': '#CCA700',
      'charts-orange': '#EA5C0055',
      'charts-green': '#89D185',
      'charts-purple': '#B180D7',
    },
  },
  highContrast: {
    bodyClass: 'vscode-high-contrast',
    tokens: {
      'editor-background': '#000000',
      foreground: '#FFFFFF',
      'editor-foreground': '#FFFFFF',
      descriptionForeground: '#FFFFFF',
      'charts-foreground': '#FFFFFF',
      'charts-lines': '#FFFFFF80',
      'charts-red': '#F48771',
      'charts-blue': '#59A4F9',
      'charts-yellow': '#FFD370',
      'charts-green': '#89D185',
      'charts-purple': '#B180D7',
    },
  },
};

/** Serves the panel's page; resolves to { url, close() }. */
export async function servePanelPage() {
  const files = {
    '/estimate.js': ['text/javascript', join(root, 'dist', 'media', 'estimate.js')],
    '/charts.css': ['text/css', join(root, 'dist', 'media', 'estimate.css')],
    '/estimate.css': ['text/css', join(root, 'media', 'estimate', 'estimate.css')],
  };
  const server = createServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    if (req.url === '/') {
      // The same directives as src/extension/estimatePanel.ts's page, with this origin as the webview's.
      const csp = [
        `default-src 'none'`,
        `style-src ${origin}`,
        `script-src 'nonce-${NONCE}'`,
        `img-src ${origin} data:`,
        `font-src ${origin}`,
      ].join('; ');
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
      });
      res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<link rel="stylesheet" href="/charts.css"><link rel="stylesheet" href="/estimate.css"><link rel="stylesheet" href="/page.css"></head>
<body><div id="status" role="status" aria-live="polite">Loading…</div><main id="root"></main>
<script nonce="${NONCE}">window.acquireVsCodeApi = () => ({ postMessage(m) { (window.sent ??= []).push(m); } });</script>
<script nonce="${NONCE}" src="/estimate.js"></script></body></html>`);
      return;
    }
    if (req.url === '/page.css') {
      // What VS Code's webview host gives every page: the editor's background and font.
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(
        'html { background: var(--vscode-editor-background); } body { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; }',
      );
      return;
    }
    const file = files[req.url ?? ''];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[0] });
    res.end(readFileSync(file[1]));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * Opens the page in a theme, collecting CSP violations (`page.violations`), and shows `model`
 * as the host would send it.
 */
export async function showModel(
  browser,
  url,
  theme,
  model,
  viewport = { width: 1100, height: 900 },
) {
  const page = await browser.newPage({ viewport });
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(url);
  await page.evaluate(({ bodyClass, tokens }) => {
    for (const [name, value] of Object.entries(tokens))
      document.documentElement.style.setProperty(`--vscode-${name}`, value);
    document.body.className = bodyClass;
  }, theme);
  await page.evaluate(
    async (data) => {
      window.dispatchEvent(new MessageEvent('message', { data }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    },
    { type: 'model', model, window: '24h' },
  );
  page.violations = violations;
  return page;
}
