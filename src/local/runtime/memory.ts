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

/** Current resident memory of the process and its descendants, in bytes. */
export function treeRssBytes(pid: number): number {
  return tree(pid).reduce((sum, p) => sum + kilobytes(status(p), 'VmRSS'), 0) * 1024;
}

/** Peak resident memory (high-water mark) of the process and its live descendants, in bytes. */
export function treePeakBytes(pid: number): number {
  return tree(pid).reduce((sum, p) => sum + kilobytes(status(p), 'VmHWM'), 0) * 1024;
}
