// The ids the manifest (package.json) contributes, for the activation bundle and the workbench alike.
// Activation registers every command with a handler that loads the rest of the extension (main.ts);
// the workbench's table of commands is typed by CommandId, so leaving one out fails to compile.
// An extension-host test checks this list against package.json.
export const COMMAND_IDS = [
  'lambdaLens.refresh',
  'lambdaLens.showOutput',
  'lambdaLens.enableLocal',
  'lambdaLens.filter',
  'lambdaLens.clearFilter',
  'lambdaLens.addRegion',
  'lambdaLens.removeRegion',
  'lambdaLens.invoke',
  'lambdaLens.invokeAsync',
  'lambdaLens.deploy',
  'lambdaLens.deployAndPublish',
  'lambdaLens.deployFromWorkspace',
  'lambdaLens.invokeLocally',
  'lambdaLens.debugLocally',
  'lambdaLens.debugFunction',
  'lambdaLens.showEstimate',
  'lambdaLens.tuneMemory',
  'lambdaLens.newSampleEvent',
  'lambdaLens.saveEvent',
  'lambdaLens.invokeSample',
  'lambdaLens.copyArn',
  'lambdaLens.openConfiguration',
  'lambdaLens.deleteFunction',
  'lambdaLens.fixConnection',
  'lambdaLens.showLogs',
  'lambdaLens.showLogStream',
  'lambdaLens.toggleVariable',
  'lambdaLens.selectProfile',
  'lambdaLens.addFunctionUrl',
  'lambdaLens.removeFunctionUrl',
  'lambdaLens.copyFunctionUrl',
  'lambdaLens.openFunctionUrl',
  'lambdaLens.startApi',
  'lambdaLens.apiActions',
  'lambdaLens.tailLogs',
  'lambdaLens.searchLogs',
  'lambdaLens.showInvocationLogs',
  'lambdaLens.filterLogs',
  'lambdaLens.pauseLogs',
  'lambdaLens.resumeLogs',
  'lambdaLens.showOlderLogResults',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** A command's implementation: VS Code passes whatever the caller gave (a tree item, a URI, a lens's argument). */
export type CommandHandler = (...args: never[]) => unknown;

export const FUNCTIONS_VIEW_ID = 'lambdaLens.functions';

/** The debug configuration type (package.json contributes.debuggers) whose launches debug on the local endpoint. */
export const DEBUG_TYPE = 'lambda-lens';
