// Reads and writes saved events only where they lie inside their workspace folder once symbolic
// links are resolved (core/events/savedEventLinks.ts says why). VS Code's file API follows links,
// so local files are resolved here with realpath, which every OS has; a virtual file system (no
// `file:` scheme) has no links to follow and is used as it is.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { savedEventReadRefusal, savedEventWriteRefusal } from '../core/events/savedEventLinks';
import { realPathOfNew } from './realPathOfNew';

/** A saved event that is not read or written: its message says what it is and what to do. */
export class SavedEventRefused extends Error {
  override readonly name = 'SavedEventRefused';
}

/** The saved event's text, read from where its links lead, once that is known to be in the workspace. */
export async function readSavedEvent(file: vscode.Uri): Promise<string> {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  if (file.scheme !== 'file' || !folder)
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const real = await fs.realpath(file.fsPath);
  const refusal = savedEventReadRefusal(
    vscode.workspace.asRelativePath(file),
    await fs.realpath(folder.uri.fsPath),
    real,
  );
  if (refusal) throw new SavedEventRefused(refusal);
  // The resolved path is read, not the link: it is the one just checked.
  return new TextDecoder().decode(await fs.readFile(real));
}

/**
 * Throws SavedEventRefused when writing `file` would land outside `folder` through a link. A path
 * that cannot be resolved (a file where a folder belongs) is left to the write, which says why.
 */
export async function checkSavedEventTarget(
  file: vscode.Uri,
  folder: vscode.WorkspaceFolder,
): Promise<void> {
  if (file.scheme !== 'file') return;
  let realFolder: string;
  let real: string;
  try {
    realFolder = await fs.realpath(folder.uri.fsPath);
    real = await realPathOfNew(file.fsPath);
  } catch {
    return;
  }
  const refusal = savedEventWriteRefusal(vscode.workspace.asRelativePath(file), realFolder, real);
  if (refusal) throw new SavedEventRefused(refusal);
}
