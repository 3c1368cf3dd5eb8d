// Lambda handler strings ("src/app.handler") for a detected handler, and the reverse: which
// function names a SAM template's Handler values ask for in a given file.
import type { HandlerLanguage } from './detectHandlers';

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx|py)$/;

export function languageOfFile(path: string): HandlerLanguage | undefined {
  if (/\.py$/.test(path)) return 'python';
  if (/\.(?:[cm]?ts|tsx)$/.test(path)) return 'typescript';
  if (/\.(?:[cm]?js|jsx)$/.test(path)) return 'javascript';
  return undefined;
}

/** "src\\app.mjs" + "handler" → "src/app.handler": the path relative to the code folder, without extension. */
export function handlerString(fileRelativeToCodeFolder: string, exportName: string): string {
  const module = fileRelativeToCodeFolder
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(SOURCE_EXTENSION, '');
  return `${module}.${exportName}`;
}

export interface HandlerTarget {
  /** The module path relative to the code folder, with '/' separators and no extension. */
  readonly module: string;
  /** The function the runtime calls in that module. */
  readonly name: string;
}

/**
 * Splits a Handler setting as the runtime does. Node.js: the module ends at the first dot after
 * the last slash ("app.handlers.main" is `handlers.main` in app); Python: at the last dot, and
 * dots before it are packages ("pkg.app.main" is `main` in pkg/app.py).
 */
export function parseHandlerString(
  handler: string,
  language: HandlerLanguage,
): HandlerTarget | undefined {
  // Lambda allows 128 characters; the bound also keeps the pattern cheap on untrusted templates.
  if (handler.length > 128 || !/^[^\s]+\.[^\s./]+$/.test(handler)) return undefined;
  if (language === 'python') {
    const dot = handler.lastIndexOf('.');
    return { module: handler.slice(0, dot).replace(/\./g, '/'), name: handler.slice(dot + 1) };
  }
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  return { module: handler.slice(0, dot), name: handler.slice(dot + 1).split('.')[0]! };
}

/**
 * The function names the given Handler settings (each relative to its code folder, paired with
 * this file's path relative to that folder) name in this file: the extra names for detectHandlers.
 */
export function handlerNamesForFile(
  handlers: readonly { handler: string; fileRelativeToCodeFolder: string }[],
  language: HandlerLanguage,
): string[] {
  const names = new Set<string>();
  for (const { handler, fileRelativeToCodeFolder } of handlers) {
    const target = parseHandlerString(handler, language);
    const module = fileRelativeToCodeFolder
      .replace(/\\/g, '/')
      .replace(/^(?:\.\/)+/, '')
      .replace(SOURCE_EXTENSION, '');
    if (target && target.module.replace(/^(?:\.\/)+/, '') === module) names.add(target.name);
  }
  return [...names];
}
