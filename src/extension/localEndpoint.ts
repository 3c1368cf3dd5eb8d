// Starts the embedded local endpoint on demand, as a child process running the same
// `lambda-lens serve` users can run themselves, and stops it when the extension deactivates.
// When an endpoint already runs on the same home (started from a terminal), it is reused.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { firstLineOf } from './childFirstLine';
import { runBelowEditor } from './backgroundPriority';

export interface LocalConnection {
  readonly url: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** True when this extension started the process (and so stops it). */
  readonly owned: boolean;
}

const START_TIMEOUT_MS = 20_000;

/** A context key, true once the local endpoint runs (the walkthrough's "Enable the local endpoint" step waits for it). */
export const LOCAL_RUNNING_CONTEXT = 'lambdaLens.localRunning';

export class LocalEndpointProcess implements vscode.Disposable {
  private starting: Promise<LocalConnection> | undefined;
  private child: ChildProcess | undefined;

  /**
   * @param cpuShare whether a started endpoint gives environments Lambda's CPU share (`serve --cpu-share`)
   * @param onStarted once an endpoint answers, started here or found running
   * @param runtimeArgs `serve --runtime-binary` arguments (from lambdaLens.local.runtimes) and entries it could not use
   */
  constructor(
    private readonly home: () => string,
    private readonly output: vscode.LogOutputChannel,
    private readonly cpuShare: () => boolean = () => false,
    private readonly onStarted?: () => void,
    private readonly runtimeArgs: () => { args: string[]; problems: string[] } = () => ({
      args: [],
      problems: [],
    }),
  ) {}

  /** The running endpoint, started if needed. Concurrent callers share one start. */
  ensureStarted(): Promise<LocalConnection> {
    this.starting ??= this.start().then(
      (connection) => {
        this.onStarted?.();
        return connection;
      },
      (error: unknown) => {
        this.starting = undefined;
        throw error;
      },
    );
    return this.starting;
  }

  private async start(): Promise<LocalConnection> {
    const home = this.home();
    const running = runningOn(home);
    if (running) {
      this.output.info(`Using the local endpoint already running at ${running.url} (home ${home})`);
      return running;
    }
    const cli = join(__dirname, 'cli.js');
    this.output.info(`Starting the local endpoint (home ${home})`);
    const runtimes = this.runtimeArgs();
    for (const problem of runtimes.problems) this.output.warn(problem);
    const child = spawn(
      process.execPath,
      [
        cli,
        'serve',
        '--json',
        '--stop-on-stdin-close',
        '--home',
        home,
        ...(this.cpuShare() ? ['--cpu-share'] : []),
        ...runtimes.args,
      ],
      {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    runBelowEditor(child.pid);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000);
      for (const line of text.split('\n'))
        if (line.trim()) this.output.warn(`[local endpoint] ${line}`);
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) {
        this.child = undefined;
        this.starting = undefined;
        this.output.info(`The local endpoint stopped (${signal ?? `exit code ${code}`})`);
      }
    });
    const line = await firstLineOf(child, {
      timeoutMs: START_TIMEOUT_MS,
      timeoutMessage: `The local endpoint did not start within ${START_TIMEOUT_MS / 1000} s.`,
      exitMessage: (code) =>
        stderr.trim().replace(/^lambda-lens serve: /, '') ||
        `The local endpoint exited with code ${code}.`,
    });
    const started = JSON.parse(line) as {
      url: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
    };
    this.output.info(`Local endpoint listening at ${started.url}`);
    return {
      url: started.url,
      region: started.region,
      credentials: { accessKeyId: started.accessKeyId, secretAccessKey: started.secretAccessKey },
      owned: true,
    };
  }

  dispose(): void {
    const child = this.child;
    this.child = undefined;
    this.starting = undefined;
    if (!child) return;
    // Closing stdin asks `serve` to stop cleanly; the signal is the fallback.
    child.stdin?.end();
    setTimeout(() => {
      if (child.exitCode === null) child.kill('SIGTERM');
    }, 2000).unref();
  }
}

/** An endpoint another process runs on this home, found through its lock file. */
function runningOn(home: string): LocalConnection | undefined {
  try {
    const lock = JSON.parse(readFileSync(join(home, 'endpoint.lock'), 'utf8')) as {
      pid: number;
      url?: string;
    };
    if (!lock.url) return undefined;
    process.kill(lock.pid, 0);
    const credentials = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as {
      accessKeyId: string;
      secretAccessKey: string;
    };
    return { url: lock.url, region: 'us-east-1', credentials, owned: false };
  } catch {
    return undefined;
  }
}
