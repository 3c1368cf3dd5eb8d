// Stack traces of local runs, pointed back at the workspace. The local endpoint runs an unzipped
// copy of the deployed code (HOME/runtime-cache/<CodeSha256 in hex>, localHome.ts), so a thrown
// error's frames name files there. A frame in that copy becomes the workspace's file: through the
// bundle's source map when the file carries one (a TypeScript handler's esbuild bundle), else by
// the folder mapping (copy ↔ the code folder deployed). Anything else stays as written: frames of
// other code versions, Node's internals, the bootstrap, a position the map does not cover, a file
// the workspace does not have.
//
// Frames are found in any text (the error document's trace, the log tail, JSON-escaped lines in
// it): Node's `at f (PATH:LINE:COL)` and `at PATH:LINE:COL` (PATH plain or a file:// URL), Python's
// `File "PATH", line N`, and a bare `PATH:LINE` in other text.
import { RUNTIME_CACHE_FOLDER, unzippedCodeFolderName } from '../localHome';
import { posix } from 'node:path';
import type { InvokeSummary } from './invokeResult';
import type { OriginLookup } from './sourceMapLookup';
import { fileUrlToPath, isAbsolutePath, joinInFolder } from './tracePaths';

/** A code version as deployed from the workspace. */
export interface DeployedCode {
  /** The folder it was packaged from (absolute, POSIX or Windows). */
  readonly codeFolder: string;
  /** Its CodeSha256 (base64), which names the endpoint's unzipped copy. */
  readonly codeSha256: string;
}

/** What mapping asks of the file system; without it every file is taken to exist and none has a map. */
export interface TraceFiles {
  /** The source map the file at this path of the copy carries (read by the caller), if any. */
  sourceMapOf?(copyPath: string): OriginLookup | undefined;
  /** Whether the workspace has this file: a frame is mapped only onto a file that is there. */
  exists?(workspacePath: string): boolean;
}

/** Rewrites the frames of `text` that name files of `code`'s unzipped copy; the rest stays as it is. */
export function mapTraceText(text: string, code: DeployedCode, files: TraceFiles = {}): string {
  const hex = unzippedCodeFolderName(code.codeSha256);
  if (!/^[0-9a-f]{64}$/.test(hex) || !text.includes(hex)) return text;
  // The copy's own folder, with either separator, or a JSON-escaped backslash (a log line's stack array).
  const segment = new RegExp(
    `${RUNTIME_CACHE_FOLDER}(?:\\\\\\\\|[\\\\/])${hex}(?:\\\\\\\\|[\\\\/])`,
    'g',
  );
  let mapped = '';
  let copied = 0;
  let examined = 0;
  for (
    let match = segment.exec(text);
    match && examined < MAX_FRAMES;
    match = segment.exec(text), examined++
  ) {
    if (match.index < copied) continue;
    const frame = frameAt(text, match.index, match.index + match[0].length);
    if (!frame) continue;
    const target = mapFrame(frame, code, files);
    if (!target) continue;
    mapped += text.slice(copied, frame.start) + target;
    copied = frame.end;
    segment.lastIndex = Math.max(segment.lastIndex, copied);
  }
  return copied === 0 ? text : mapped + text.slice(copied);
}

/** Each line mapped (an error document's `trace` or `stackTrace`). */
export function mapTraceLines(
  lines: readonly string[],
  code: DeployedCode,
  files: TraceFiles = {},
): string[] {
  return lines.map((line) => mapTraceText(line, code, files));
}

interface Frame extends CopyLocation {
  /** The span of `text` this frame's location takes: path and line (and column). */
  readonly start: number;
  readonly end: number;
  /** Written inside a JSON string: backslashes doubled. */
  readonly escaped: boolean;
  /** Python's `File "PATH", line N`: the quote that closes the path, as written (`"` or `\"`). */
  readonly pythonQuote: string | undefined;
}

// A function writes its own traces and messages: every scan is bounded by a path's length, so a
// hostile text costs time in proportion to its size.
const MAX_PATH = 4096;
/** Frames examined in one text: a trace holds tens (Node keeps 10 by default); the rest stays as written. */
const MAX_FRAMES = 1000;
// After the copy's folder: the file, then `:LINE[:COL]` or Python's `", line N`.
const AFTER_FOLDER =
  /([^:()"'\n]{1,4096}?)(?::(\d+)(?::(\d+))?(?=$|[)"'\s,\]\\])|(\\?"), line (\d+))/y;
// Where a path can start: a file URL, a POSIX root, a drive letter (its backslash maybe escaped), a UNC share.
const PATH_START = /^(?:file:\/\/|\/|[A-Za-z]:(?:\\\\|[\\/])|\\\\)/;
const LINE_START_FRAME = /^\s*at (?:async )?/;

/** The frame whose path holds the copy's folder at `folderStart`…`folderEnd`, if the text there is one. */
function frameAt(text: string, folderStart: number, folderEnd: number): Frame | undefined {
  AFTER_FOLDER.lastIndex = folderEnd;
  const after = AFTER_FOLDER.exec(text);
  if (!after) return undefined;
  const start = pathStart(text, folderStart);
  if (start === undefined) return undefined;
  const written = text.slice(start, folderEnd) + after[1]!;
  const escaped = written.includes('\\\\');
  const plain = escaped ? written.replace(/\\\\/g, '\\') : written;
  const copyPath = plain.startsWith('file://') ? fileUrlToPath(plain) : plain;
  if (copyPath === undefined || !isAbsolutePath(copyPath)) return undefined;
  const relativeWritten = (escaped ? after[1]!.replace(/\\\\/g, '\\') : after[1]!).replace(
    /\\/g,
    '/',
  );
  let relative = relativeWritten;
  if (plain.startsWith('file://')) {
    try {
      relative = decodeURIComponent(relativeWritten);
    } catch {
      return undefined;
    }
  }
  const normalized = posix.normalize(relative);
  if (normalized.startsWith('../') || normalized === '..' || posix.isAbsolute(normalized))
    return undefined;
  const python = after[4] !== undefined;
  return {
    start,
    end: after.index + after[0].length,
    copyPath,
    relative: normalized,
    line: Number(python ? after[5] : after[2]),
    column: python || after[3] === undefined ? undefined : Number(after[3]),
    escaped,
    pythonQuote: python ? after[4] : undefined,
  };
}

/**
 * Where the path around the copy's folder starts: after the `(` or quote that opens it, or after
 * `at ` on a frame's line (these may hold spaces); in other text, the last word that starts a path.
 */
function pathStart(text: string, folderStart: number): number | undefined {
  const limit = Math.max(0, folderStart - MAX_PATH);
  let opener = folderStart;
  while (opener > limit && !'()"\'\n'.includes(text[opener - 1]!)) opener--;
  const region = text.slice(opener, folderStart);
  const lead =
    text[opener - 1] === '\n' || opener === 0 || text[opener - 1] === '"'
      ? LINE_START_FRAME.exec(region)
      : null;
  const offset = lead ? lead[0].length : 0;
  if (PATH_START.test(region.slice(offset))) return opener + offset;
  let found: number | undefined;
  for (const word of region.matchAll(/(?:^|\s)(?=file:\/\/|\/|[A-Za-z]:[\\/]|\\\\)/g))
    found = opener + word.index + word[0].length;
  return found;
}

/** A place in a file of an unzipped copy, and where the same file lies inside the copy. */
export interface CopyLocation {
  /** The file in the copy: an absolute path on this machine. */
  readonly copyPath: string;
  /** The same file relative to the copy, with forward slashes, normalized (never leaving it). */
  readonly relative: string;
  readonly line: number;
  readonly column: number | undefined;
}

/** A place in a workspace file. */
export interface WorkspaceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number | undefined;
}

/**
 * THE mapping of a place in the copy to the workspace: through the file's source map when it has
 * one, else by the folder mapping; undefined when it does not map (the bundle's own code, a file
 * the workspace does not have). Frames rewritten in text and links in log documents both ask here.
 */
export function mapCopyLocation(
  at: CopyLocation,
  codeFolder: string,
  files: TraceFiles = {},
): WorkspaceLocation | undefined {
  let file: string | undefined;
  let { line, column } = at;
  const lookup = files.sourceMapOf?.(at.copyPath);
  if (lookup) {
    const origin = lookup(line, column ?? 1);
    if (!origin) return undefined; // the bundle's own code: the workspace has no such file
    file = sourceInWorkspace(origin.source, at.relative, codeFolder);
    line = origin.line;
    if (column !== undefined) column = origin.column;
  } else {
    file = joinInFolder(codeFolder, at.relative);
  }
  if (file === undefined || (files.exists && !files.exists(file))) return undefined;
  return { file, line, column };
}

/**
 * Where an absolute path lies in an unzipped copy (…/runtime-cache/<CodeSha256 in hex>/FILE): the
 * copy's folder, the code version's CodeSha256 (base64, as Lambda gives it) and the file inside it;
 * undefined for any other path, or one that leaves the copy.
 */
export function copyFileOf(
  path: string,
): { folder: string; codeSha256: string; relative: string } | undefined {
  const match = new RegExp(
    `^(.*[\\\\/]${RUNTIME_CACHE_FOLDER}[\\\\/]([0-9a-f]{64}))[\\\\/](.+)$`,
  ).exec(path);
  if (!match) return undefined;
  const relative = posix.normalize(match[3]!.replace(/\\/g, '/'));
  if (relative.startsWith('../') || relative === '..' || posix.isAbsolute(relative))
    return undefined;
  return {
    folder: match[1]!,
    codeSha256: Buffer.from(match[2]!, 'hex').toString('base64'),
    relative,
  };
}

/** The frame's location in the workspace, written as the frame wrote its own; undefined when it does not map. */
function mapFrame(frame: Frame, code: DeployedCode, files: TraceFiles): string | undefined {
  const mapped = mapCopyLocation(frame, code.codeFolder, files);
  if (!mapped) return undefined;
  const { line, column } = mapped;
  const path = frame.escaped ? mapped.file.replace(/\\/g, '\\\\') : mapped.file;
  if (frame.pythonQuote !== undefined) return `${path}${frame.pythonQuote}, line ${line}`;
  return `${path}:${line}${column !== undefined ? `:${column}` : ''}`;
}

/** A map's source: absolute, a file URL, or relative to the bundle (so, in the copy, as in the workspace). */
function sourceInWorkspace(source: string, bundle: string, codeFolder: string): string | undefined {
  if (source.startsWith('file://')) return fileUrlToPath(source);
  if (isAbsolutePath(source)) return source;
  if (/^[a-z][\w+.-]*:/i.test(source)) return undefined; // webpack://, node:, … name no file
  return joinInFolder(
    codeFolder,
    posix.normalize(posix.join(posix.dirname(bundle), source.replace(/\\/g, '/'))),
  );
}

/**
 * An invoke's summary with its frames mapped: the log tail, and for a function error its trace
 * and the error document. A successful response is the function's own data and stays as it is.
 */
export function mapInvokeSummary(
  summary: InvokeSummary,
  code: DeployedCode,
  files: TraceFiles = {},
): InvokeSummary {
  const log = mapTraceText(summary.log, code, files);
  if (!summary.failure) return log === summary.log ? summary : { ...summary, log };
  return {
    ...summary,
    log,
    responseText: mapTraceText(summary.responseText, code, files),
    failure: { ...summary.failure, stack: mapTraceLines(summary.failure.stack, code, files) },
  };
}
