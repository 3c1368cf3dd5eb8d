// The first line a child process of ours prints on stdout: `serve` and `start-api` say there where
// they listen. Read by hand: node:readline is not loaded in the extension host, and loading it
// cost activation 1–2 ms. After that line the stream keeps flowing unread, so the child never
// blocks on a full pipe.
import type { ChildProcess } from 'node:child_process';

export interface FirstLineOptions {
  readonly timeoutMs: number;
  /** Why it failed when no line came in time. */
  readonly timeoutMessage: string;
  /** Why it failed when the child exited first (its exit code). */
  readonly exitMessage: (code: number | null) => string;
}

export function firstLineOf(child: ChildProcess, options: FirstLineOptions): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(options.timeoutMessage)), options.timeoutMs);
    let pending = '';
    const firstLine = (text: string) => {
      pending += text;
      const end = pending.indexOf('\n');
      if (end < 0) return;
      child.stdout!.off('data', firstLine);
      clearTimeout(timer);
      resolve(pending.slice(0, end).replace(/\r$/, ''));
    };
    child.stdout!.setEncoding('utf8').on('data', firstLine);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(options.exitMessage(code)));
    });
  });
}
