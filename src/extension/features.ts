// The editor features a user reaches through a command (invoke, deploy, sample events, the estimate
// panel): a bundle of their own, dist/features.js, required on the first such command. Kept out of
// the tree's bundle (dist/workbench.js) because V8 compiles (preparses) every function of a script
// it loads, whether or not it runs: these are about 40 % of the extension's code.
export { Invoker } from './invoke';
export { Deployer } from './deploy';
export { LocalDebugger } from './debugLocally';
export { resolveDebugLaunch } from './debugConfiguration';
export { EstimatePanel } from './estimatePanel';
export { MemoryTuner } from './tuneMemory';
export { newSampleEvent, saveEventForFunction } from './sampleEvents';
export { ApiRunner } from './apiRunner';
export { invokeSampleFunction } from './sampleFunction';
export { openLogView } from './logs/logViews';
