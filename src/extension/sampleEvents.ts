// "Lambda: New Sample Event…": service → event → parameters (defaults prefilled, each checked as it
// is typed) → a JSON document; "Save Event for Function…" stores a JSON document under
// .lambda-lens/events/<function>/<name>.json, where Invoke finds it. The catalog is offline.
import * as vscode from 'vscode';
import { loadCloud } from './cloudLoader';
import { isCatalogError, loadEventCatalog } from './eventCatalogLoader';
import { isPlainFunctionName } from '../core/arn';
import { savedEventPath } from '../core/events/savedEvents';
import { checkSavedEventTarget, SavedEventRefused } from './savedEventFiles';
import { errorMessage } from '../core/errorMessage';
import { ui } from './ui';

const GENERATE = 'Generate with these values';

export interface GeneratedEvent {
  readonly service: string;
  readonly event: string;
  readonly text: string;
}

/** Asks for service, event and parameters; undefined when the user cancelled. */
export async function pickSampleEvent(
  title = 'New Sample Event',
): Promise<GeneratedEvent | undefined> {
  const { listEventServices, describeEvent, generateEvent, checkEventParameter } =
    loadEventCatalog();
  const services = listEventServices();
  const service = await ui.pick(
    services.map((s) => s.service),
    { title, placeHolder: 'Service that triggers the function' },
  );
  const chosen = services.find((s) => s.service === service);
  if (!chosen) return undefined;
  const eventName = await ui.pick(
    chosen.events.map((e) => e.event),
    { title, placeHolder: `${chosen.service} event` },
  );
  if (!eventName) return undefined;
  const info = describeEvent(chosen.service, eventName);
  const values: Record<string, string> = Object.fromEntries(
    info.parameters.map((p) => [p.name, p.default]),
  );
  // One list: generate now, or change any parameter (its current value shown) and come back.
  for (;;) {
    const items = [
      GENERATE,
      ...info.parameters.map((p) => `${p.name} = ${shorten(values[p.name] ?? '')}`),
    ];
    const picked = await ui.pick(items, {
      title: `${chosen.service} ${eventName}`,
      placeHolder: info.parameters.length
        ? 'Generate, or choose a parameter to change'
        : info.description,
    });
    if (!picked) return undefined;
    if (picked === GENERATE) {
      try {
        return {
          service: chosen.service,
          event: eventName,
          text: `${JSON.stringify(generateEvent(chosen.service, eventName, values), null, 2)}\n`,
        };
      } catch (error) {
        if (!isCatalogError(error)) throw error;
        void vscode.window.showErrorMessage(
          `Cannot generate ${chosen.service} ${eventName}: ${error.message}`,
        );
        continue; // the values stay as typed, so the user can fix the one named
      }
    }
    const parameter = info.parameters.find((p) => picked.startsWith(`${p.name} = `));
    if (!parameter) continue;
    const value = parameter.choices
      ? await ui.pick(parameter.choices, {
          title: parameter.name,
          placeHolder: parameter.description,
        })
      : await ui.input({
          title: parameter.name,
          prompt: parameter.description,
          value: values[parameter.name] ?? '',
          validateInput: (v) => checkEventParameter(chosen.service, eventName, parameter.name, v),
        });
    if (value !== undefined) values[parameter.name] = value;
  }
}

/** The command: the event opens as an untitled JSON document the user can edit, save or invoke with. */
export async function newSampleEvent(): Promise<vscode.TextDocument | undefined> {
  const generated = await pickSampleEvent();
  if (!generated) return undefined;
  const document = await vscode.workspace.openTextDocument({
    language: 'json',
    content: generated.text,
  });
  await vscode.window.showTextDocument(document);
  return document;
}

/** "Other…" in the function list: a name typed in a box. */
export const OTHER_FUNCTION = 'Other…';

/**
 * Saves the active (or given) JSON document as `.lambda-lens/events/<function>/<name>.json`; the
 * function is picked among those the workspace defines and the Functions view has listed (or typed).
 * An Untitled document is replaced by the saved file: reverted and closed, so nothing asks "Save?".
 */
export async function saveEventForFunction(
  document = vscode.window.activeTextEditor?.document,
  listed: readonly string[] = [],
): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage(
      'Open a folder first: saved events live in the workspace, under .lambda-lens/events/.',
    );
    return undefined;
  }
  if (!document || document.languageId !== 'json') {
    void vscode.window.showErrorMessage(
      'Open a JSON event (Lambda: New Sample Event…), then save it for a function.',
    );
    return undefined;
  }
  try {
    JSON.parse(document.getText());
  } catch {
    void vscode.window.showErrorMessage(
      'This document is not valid JSON: fix it before saving it as an event.',
    );
    return undefined;
  }
  const functionName = await chooseFunction(folder, listed);
  if (!functionName) return undefined;
  // The path and its rules are core's (savedEvents.ts): the same ones the schema's files follow.
  const pathOf = (name: string) => savedEventPath(functionName, name);
  const name = await ui.input({
    title: `Save Event for ${functionName}`,
    prompt: 'Event name',
    value: 'event',
    validateInput: (v) => {
      try {
        pathOf(v);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!name) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, ...pathOf(name).split('/'));
  try {
    await checkSavedEventTarget(uri, folder);
  } catch (error) {
    if (!(error instanceof SavedEventRefused)) throw error;
    // The document stays as it is, unsaved: nothing the user typed is lost.
    void vscode.window.showErrorMessage(error.message);
    return undefined;
  }
  const exists = await vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  if (
    exists &&
    !(await ui.confirm(
      `Replace ${vscode.workspace.asRelativePath(uri)}?`,
      'An event with this name is already saved for the function.',
      'Replace',
    ))
  )
    return undefined;
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(document.getText()));
  } catch (error) {
    // The document stays as it is, unsaved: nothing the user typed is lost.
    void vscode.window.showErrorMessage(
      `Could not save ${vscode.workspace.asRelativePath(uri)}: ${errorMessage(error)}. Check that the folder can be written to.`,
    );
    return undefined;
  }
  await showInPlaceOf(document, uri);
  vscode.window.setStatusBarMessage(`Saved ${vscode.workspace.asRelativePath(uri)}`, 5000);
  return uri;
}

/** The workspace's functions (template, functions.json) and the listed ones, then "Other…" for a typed name. */
async function chooseFunction(
  folder: vscode.WorkspaceFolder,
  listed: readonly string[],
): Promise<string | undefined> {
  const names = [...new Set([...(await workspaceFunctionNames(folder)), ...listed])]
    .filter(isPlainFunctionName)
    .sort((a, b) => a.localeCompare(b));
  const picked =
    names.length === 0
      ? OTHER_FUNCTION
      : await ui.pick([...names, OTHER_FUNCTION], {
          title: 'Save Event for Function',
          placeHolder: 'Function the event is for',
        });
  if (picked !== OTHER_FUNCTION) return picked;
  return ui.input({
    title: 'Save Event for Function',
    prompt: 'Function the event is for',
    placeHolder: 'my-function',
    validateInput: (v) =>
      isPlainFunctionName(v)
        ? undefined
        : 'A function name: letters, digits, hyphens and underscores',
  });
}

/** Names the deploy plan would use: a template or functions.json that cannot be read just offers none. */
async function workspaceFunctionNames(folder: vscode.WorkspaceFolder): Promise<string[]> {
  try {
    const definitions = await loadCloud().loadFunctionDefinitions(folder.uri.fsPath);
    return [...definitions.template, ...definitions.workspace].map((d) => d.name);
  } catch {
    return [];
  }
}

/** Opens the saved file where the document was; an Untitled one goes, unsaved, with nothing asked. */
async function showInPlaceOf(document: vscode.TextDocument, saved: vscode.Uri): Promise<void> {
  const column =
    vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn ??
    vscode.window.activeTextEditor?.viewColumn;
  if (document.isUntitled && !document.isClosed) {
    await vscode.window.showTextDocument(document, {
      preview: false,
      ...(column ? { viewColumn: column } : {}),
    });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.window.showTextDocument(saved, {
    preview: false,
    ...(column ? { viewColumn: column } : {}),
  });
}

function shorten(value: string): string {
  const line = value.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
