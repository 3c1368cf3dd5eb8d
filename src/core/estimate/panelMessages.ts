// The only things the estimate panel's webview and its host say to each other (typed both ways,
// checked on arrival: a webview message is untrusted input like any other).
import type { EstimatePanelModel, WhatIfValues } from './panelModel';
import { MEMORY_MAX_MB, MEMORY_MIN_MB } from '../limits';
import { customWindowProblem, isPresetWindow, type ReportWindow } from '../report/reportWindow';

/** A preset, or a custom range the user picked (checked on arrival like any other input). */
export type ReportWindowChoice = ReportWindow;

export type HostMessage =
  /** `readMore`: when the read stopped at its cap, the larger cap the user may ask for. */
  | {
      readonly type: 'model';
      readonly model: EstimatePanelModel;
      readonly window: ReportWindowChoice;
      readonly readMore?: number;
    }
  | { readonly type: 'progress'; readonly text: string }
  | { readonly type: 'error'; readonly message: string };

export type PanelMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'window'; readonly window: ReportWindowChoice }
  | { readonly type: 'whatIf'; readonly values: Partial<WhatIfValues> }
  | { readonly type: 'reset' }
  | { readonly type: 'cancel' }
  | { readonly type: 'readMore' }
  /** Tune Memory… for this function. */
  | { readonly type: 'tune' }
  /** Apply a measured size (confirmed on the host's side). */
  | { readonly type: 'applyMemory'; readonly memoryMB: number };

const NUMERIC_FIELDS = [
  'requestsPerMonth',
  'durationMs',
  'memoryMB',
  'provisionedConcurrency',
  'serverMonthlyUsd',
] as const;

/** A message from the webview, or undefined when it is not one we know (it is then ignored). */
export function parsePanelMessage(raw: unknown): PanelMessage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'reset':
    case 'cancel':
    case 'readMore':
    case 'tune':
      return { type: message.type };
    case 'applyMemory': {
      const memoryMB = message.memoryMB;
      return typeof memoryMB === 'number' &&
        Number.isInteger(memoryMB) &&
        memoryMB >= MEMORY_MIN_MB &&
        memoryMB <= MEMORY_MAX_MB
        ? { type: 'applyMemory', memoryMB }
        : undefined;
    }
    case 'window': {
      if (typeof message.window === 'string')
        return isPresetWindow(message.window)
          ? { type: 'window', window: message.window }
          : undefined;
      const custom = (
        message.window && typeof message.window === 'object' ? message.window : {}
      ) as Record<string, unknown>;
      return customWindowProblem(custom.startMs, custom.endMs)
        ? undefined
        : {
            type: 'window',
            window: { startMs: custom.startMs as number, endMs: custom.endMs as number },
          };
    }
    case 'whatIf': {
      const given = (
        message.values && typeof message.values === 'object' ? message.values : {}
      ) as Record<string, unknown>;
      const values: Record<string, unknown> = {};
      for (const field of NUMERIC_FIELDS) {
        const value = given[field];
        if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
          values[field] = value;
      }
      if (given.architecture === 'x86_64' || given.architecture === 'arm64')
        values.architecture = given.architecture;
      return { type: 'whatIf', values: values as Partial<WhatIfValues> };
    }
    default:
      return undefined;
  }
}
