// A bundle's source map, read from the bundle's text: where a position of the bundle came from.
// Node's own reader (`SourceMap` of node:module) decodes the mappings; a map is untrusted input
// (it travels in the function's package), so anything unexpected makes it no map at all.
import { SourceMap, type SourceMapPayload } from 'node:module';
import { isAbsolutePath } from './tracePaths';

/** A bundle's position traced back to its source, 1-based, the source as its map names it (sourceRoot applied). */
export interface Origin {
  readonly source: string;
  readonly line: number;
  readonly column: number;
}

/** 1-based line and column of the bundle → where it came from; undefined when the map says nothing of that position. */
export type OriginLookup = (line: number, column: number) => Origin | undefined;

/** The URL of a script's last `//# sourceMappingURL=` comment (a data: URL when inline). */
export function sourceMappingUrlOf(script: string): string | undefined {
  const at = script.lastIndexOf('sourceMappingURL=');
  if (at < 4 || !/\/\/[#@]\s$/.test(script.slice(at - 4, at))) return undefined;
  const end = script.indexOf('\n', at);
  const url = script.slice(at + 'sourceMappingURL='.length, end === -1 ? undefined : end).trim();
  return url || undefined;
}

/** The map a data: URL holds (base64 or URL-encoded JSON); undefined for any other URL or bad content. */
export function inlineSourceMap(url: string): unknown {
  const match = /^data:application\/json(?:;charset=[\w-]+)?(;base64)?,/i.exec(url);
  if (!match) return undefined;
  const body = url.slice(match[0].length);
  try {
    return JSON.parse(
      match[1] ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body),
    );
  } catch {
    return undefined;
  }
}

/** A lookup over a version 3 source map; undefined when `payload` is not one (index maps with sections included). */
export function originLookup(payload: unknown): OriginLookup | undefined {
  const map = payload as Partial<SourceMapPayload> | undefined;
  if (
    !map ||
    typeof map !== 'object' ||
    map.version !== 3 ||
    typeof map.mappings !== 'string' ||
    !Array.isArray(map.sources) ||
    !map.sources.every((s) => typeof s === 'string')
  )
    return undefined;
  const root =
    typeof map.sourceRoot === 'string' && map.sourceRoot ? map.sourceRoot.replace(/\/?$/, '/') : '';
  let decoded: SourceMap;
  try {
    decoded = new SourceMap({ file: '', sourceRoot: '', names: [], ...map } as SourceMapPayload);
  } catch {
    return undefined;
  }
  return (line, column) => {
    if (!(line >= 1) || !(column >= 1)) return undefined;
    let entry: ReturnType<SourceMap['findEntry']>;
    try {
      entry = decoded.findEntry(line - 1, column - 1);
    } catch {
      return undefined;
    }
    // findEntry falls back to the nearest earlier mapping, even on another line: that is not this position.
    if (
      !entry ||
      !('originalSource' in entry) ||
      entry.generatedLine !== line - 1 ||
      typeof entry.originalSource !== 'string'
    )
      return undefined;
    const source =
      root &&
      !isAbsolutePath(entry.originalSource) &&
      !/^[a-z][\w+.-]*:/i.test(entry.originalSource)
        ? root + entry.originalSource
        : entry.originalSource;
    // The segment's own column, as source-map readers give it: the bundle's code within a segment
    // is not the source's (`(0, import_x.f)(…)` for `f(…)`), so an offset into it would point past the call.
    return { source, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  };
}
