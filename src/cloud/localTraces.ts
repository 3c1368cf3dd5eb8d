// The files trace mapping reads (core/invoke/traceMapping.ts): a bundle's source map in the
// endpoint's unzipped copy (inline, or a .map file beside it), and whether the workspace has a
// file. Both are on this machine, since the local endpoint runs here. A package is the user's
// input, so only scripts and their maps are read, and none larger than a bundle could sensibly be.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { lambdaClientFor, type ConnectionTarget } from './clients';
import type { InvokeSummary } from '../core/invoke/invokeResult';
import {
  inlineSourceMap,
  originLookup,
  sourceMappingUrlOf,
  type OriginLookup,
} from '../core/invoke/sourceMapLookup';
import {
  copyFileOf,
  mapCopyLocation,
  mapInvokeSummary,
  type DeployedCode,
  type TraceFiles,
  type WorkspaceLocation,
} from '../core/invoke/traceMapping';

/** The summary of a local invoke of `code`, its frames pointing at the workspace's files. */
export function mapLocalInvoke(summary: InvokeSummary, code: DeployedCode): InvokeSummary {
  return mapInvokeSummary(summary, code, traceFilesOnDisk());
}

/**
 * A stack frame's place in a file of the endpoint's copies (a link in a log document), as the
 * workspace's file and line: the same mapping as an invoke's result. Only a file inside
 * `runtimeCache` (the local endpoint's own folder of copies) is looked at, so a log line naming
 * some other folder of that shape reads nothing.
 */
export function mapLocalFrame(
  file: string,
  line: number,
  column: number | undefined,
  runtimeCache: string,
  codeFolder: string,
): WorkspaceLocation | undefined {
  const copy = copyFileOf(file);
  if (!copy || !sameFolder(dirname(copy.folder), runtimeCache)) return undefined;
  return mapCopyLocation(
    { copyPath: file, relative: copy.relative, line, column },
    codeFolder,
    traceFilesOnDisk(),
  );
}

function sameFolder(a: string, b: string): boolean {
  return process.platform === 'win32'
    ? resolve(a).toLowerCase() === resolve(b).toLowerCase()
    : resolve(a) === resolve(b);
}

/** Reads each script's map once per mapping. */
export function traceFilesOnDisk(): TraceFiles {
  const maps = new Map<string, OriginLookup | undefined>();
  return {
    sourceMapOf(copyPath) {
      if (!maps.has(copyPath)) maps.set(copyPath, readSourceMap(copyPath));
      return maps.get(copyPath);
    },
    exists: (path) =>
      existsSync(path) && statSync(path, { throwIfNoEntry: false })?.isFile() === true,
  };
}

/** Larger files are not read for a map: a trace stays as it is rather than stall the result. */
const MAX_READ_BYTES = 64 * 1024 * 1024;

function readSourceMap(script: string): OriginLookup | undefined {
  if (!/\.[cm]?js$/.test(script)) return undefined;
  const text = readSmallFile(script);
  const url = text === undefined ? undefined : sourceMappingUrlOf(text);
  if (!url) return undefined;
  if (url.startsWith('data:')) return originLookup(inlineSourceMap(url));
  // A map file beside the script, or below it: never a path that leaves the copy, nor a URL.
  if (/^[a-z][\w+.-]*:/i.test(url) || url.startsWith('/') || url.split(/[\\/]/).includes('..'))
    return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    return undefined;
  }
  const map = readSmallFile(join(dirname(script), decoded));
  if (map === undefined) return undefined;
  try {
    return originLookup(JSON.parse(map));
  } catch {
    return undefined;
  }
}

function readSmallFile(path: string): string | undefined {
  try {
    const info = statSync(path);
    return info.isFile() && info.size <= MAX_READ_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The CodeSha256 of the version an invoke ran (its executed version), which names its unzipped copy; undefined when it cannot be read. */
export async function codeSha256Of(
  target: ConnectionTarget,
  functionName: string,
  version: string | undefined,
): Promise<string | undefined> {
  try {
    const config = await lambdaClientFor(target).send(
      new GetFunctionConfigurationCommand({
        FunctionName: functionName,
        ...(version ? { Qualifier: version } : {}),
      }),
    );
    return config.CodeSha256;
  } catch {
    return undefined; // the trace stays as it is
  }
}
