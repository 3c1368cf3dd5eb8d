// Memory of an execution environment: the resident set of its process tree, read from /proc.
import { readFileSync } from 'node:fs';

function status(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
}

function kilobytes(text: string | undefined, field: 'VmRSS' | 'VmHWM'): number {
  if (!text) return 0;
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function tree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length && all.length < 256; i++) all.push(...children(all[i]!));
  return all;
}

/**
 * Resident memory of the process and its live descendants, in bytes: now, and the sum of their
 * high-water marks (what Lambda reports as Max Memory Used). One read of /proc per process.
 */
export function treeMemory(pid: number): { rssBytes: number; peakBytes: number } {
  let rss = 0;
  let peak = 0;
  for (const p of tree(pid)) {
    const text = status(p);
    rss += kilobytes(text, 'VmRSS');
    peak += kilobytes(text, 'VmHWM');
  }
  return { rssBytes: rss * 1024, peakBytes: peak * 1024 };
}
