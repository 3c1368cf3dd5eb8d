// "Lambda: Start API": `lambda-lens start-api` on a SAM template, as a child process against the
// extension's local endpoint (started first, so that the API's functions show in the tree and
// outlive the API). Its routes and what it does not honour go to the output channel; a status bar
// item shows the address while it runs (click: open in the browser, copy, stop).
import { spawn, type ChildProcess } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { inertText } from '../core/inertText';
import { ui } from './ui';
import { firstLineOf } from './childFirstLine';
import { runBelowEditor } from './backgroundPriority';

export interface ApiRunnerContext {
  readonly output: vscode.LogOutputChannel;
  /** The local endpoint's home. */
  readonly home: () => string;
  /** Starts the extension's local endpoint (start-api then uses it through the home). */
  readonly ensureLocal: () => Promise<unknown>;
}

interface StartedInfo {
  readonly url: string;
  readonly routes: readonly {
    method: string;
    path: string;
    function: string;
    api: string;
    stage: string;
    payloadFormatVersion: string;
  }[];
  readonly notHonoured: readonly { where: string; what: string }[];
}

const PREFERRED_PORT = 3000;
const START_TIMEOUT_MS = 120_000;
const OPEN = 'Open in Browser';
const COPY = 'Copy Address';
const STOP = 'Stop the API';

export class ApiRunner implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private info: StartedInfo | undefined;
  private readonly status = vscode.window.createStatusBarItem(
    'lambdaLens.api',
    vscode.StatusBarAlignment.Left,
    40,
  );

  constructor(private readonly context: ApiRunnerContext) {
    this.status.name = 'Lambda Lens API';
    this.status.command = 'lambdaLens.apiActions';
  }

  /** The running API's address, if any. */
  get url(): string | undefined {
    return this.info?.url;
  }

  /** Starts the API of `resource` (a template or its folder), else of a template picked in the workspace. */
  async start(resource?: vscode.Uri): Promise<string | undefined> {
    const template = await this.templateOf(resource);
    if (!template) return undefined;
    if (this.child) await this.stop();
    const { output } = this.context;
    output.show(true);
    try {
      await this.context.ensureLocal();
      const started = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Starting the API of ${vscode.workspace.asRelativePath(template)}…`,
        },
        async () => {
          try {
            return await this.spawn(template.fsPath, PREFERRED_PORT);
          } catch (error) {
            if (!/port \d+ is in use/.test((error as Error).message)) throw error;
            return this.spawn(template.fsPath, 0);
          }
        },
      );
      this.info = started;
      output.info(`API of ${vscode.workspace.asRelativePath(template)} on ${started.url}`);
      for (const r of started.routes)
        output.info(
          `  ${r.method.padEnd(7)} ${started.url}${r.path === '$default' ? '/*' : r.path}  → ${r.function} (${r.api === 'REST' ? 'REST API' : 'HTTP API'}, stage ${r.stage}, payload ${r.payloadFormatVersion})`,
        );
      if (started.notHonoured.length) {
        output.warn('Not honoured locally:');
        for (const n of started.notHonoured)
          output.warn(`  ${inertText(n.where)}: ${inertText(n.what)}`);
      }
      output.info('A saved edit of these functions is live on the next request.');
      this.status.text = `$(globe) API ${started.url.replace(/^http:\/\//, '')}`;
      this.status.tooltip = `Lambda Lens API at ${started.url}: click to open it in the browser or stop it`;
      this.status.show();
      return started.url;
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Could not start the API: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  /** The status bar item's click. */
  async actions(): Promise<void> {
    if (!this.info) return;
    const choice = await ui.pick([OPEN, COPY, STOP], {
      placeHolder: `Lambda Lens API at ${this.info.url}`,
    });
    if (choice === OPEN) await vscode.env.openExternal(vscode.Uri.parse(this.info.url));
    else if (choice === COPY) await vscode.env.clipboard.writeText(this.info.url);
    else if (choice === STOP) await this.stop();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.info = undefined;
    this.status.hide();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Closing stdin asks start-api to stop cleanly; the signal is the fallback.
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGTERM'), 3000);
    await exited;
    clearTimeout(timer);
  }

  dispose(): void {
    void this.stop();
    this.status.dispose();
  }

  private async templateOf(resource: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
    if (resource) {
      const stat = await vscode.workspace.fs.stat(resource);
      if (stat.type !== vscode.FileType.Directory) return resource;
      for (const name of ['template.yaml', 'template.yml', 'template.json']) {
        const candidate = vscode.Uri.joinPath(resource, name);
        if (
          await vscode.workspace.fs.stat(candidate).then(
            () => true,
            () => false,
          )
        )
          return candidate;
      }
      void vscode.window.showErrorMessage(
        `${basename(resource.fsPath)} has no template.yaml: choose a SAM template.`,
      );
      return undefined;
    }
    const found = await vscode.workspace.findFiles(
      '**/template.{yaml,yml,json}',
      '**/{node_modules,.aws-sam}/**',
      50,
    );
    if (!found.length) {
      void vscode.window.showErrorMessage(
        'No SAM template (template.yaml) in the workspace: Start API serves the Api and HttpApi events of one.',
      );
      return undefined;
    }
    if (found.length === 1) return found[0];
    const picked = await ui.pick(found.map((u) => vscode.workspace.asRelativePath(u)).sort(), {
      placeHolder: 'The SAM template whose API to start',
    });
    return found.find((u) => vscode.workspace.asRelativePath(u) === picked);
  }

  private async spawn(template: string, port: number): Promise<StartedInfo> {
    const { output } = this.context;
    const child = spawn(
      process.execPath,
      [
        join(__dirname, 'cli.js'),
        'start-api',
        template,
        '--port',
        String(port),
        '--json',
        '--stop-on-stdin-close',
        '--home',
        this.context.home(),
      ],
      {
        cwd: dirname(template),
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    runBelowEditor(child.pid);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) output.info(`[api] ${inertText(line)}`);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.info = undefined;
      this.status.hide();
      output.info(`The API stopped (${signal ?? `exit code ${code}`})`);
    });
    const line = await firstLineOf(child, {
      timeoutMs: START_TIMEOUT_MS,
      timeoutMessage: `start-api did not start within ${START_TIMEOUT_MS / 1000} s`,
      exitMessage: (code) =>
        stderr
          .trim()
          .split('\n')
          .pop()
          ?.replace(/^lambda-lens start-api: /, '') || `start-api exited with code ${code}`,
    });
    try {
      return JSON.parse(line) as StartedInfo;
    } catch {
      throw new Error(`start-api said something unexpected: ${line.slice(0, 200)}`);
    }
  }
}
