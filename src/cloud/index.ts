// The cloud layer's public surface: what the extension requires lazily from dist/cloud.js and the
// CLI imports directly. Loading this module loads the AWS SDK, so nothing may import it at activation.
export {
  createLambdaClient,
  createLogsClient,
  lambdaClientFor,
  logsClientFor,
  forgetClients,
  type ConnectionTarget,
  type EndpointConnection,
} from './clients';
export { listFunctionPages, type FunctionPage } from './listFunctions';
export { listProfiles, profileEndpoints } from './profiles';
export { invokeFunction, type InvokeRequest } from './invoke';
export {
  debugInvokeFunction,
  DebugInvokeError,
  type DebugInvokeRequest,
  type DebugInvokeEvents,
} from './debugInvoke';
export { checkPayload, type InvocationType, type PayloadCheck } from '../core/invoke/payload';
export { summarizeInvoke, type InvokeSummary } from '../core/invoke/invokeResult';
export { mapLocalInvoke, mapLocalFrame, codeSha256Of } from './localTraces';
export type { DeployedCode } from '../core/invoke/traceMapping';
export {
  functionIdentity,
  deleteFunction,
  versionsAndAliases,
  recentInvocations,
  latestLogStreams,
  streamEvents,
  type Invocation,
} from './functions';
export { factsOf, functionFacts } from './functionFacts';
export { followLogs, type FollowOptions, type FollowMode, type LogLine } from './logs/followLogs';
export {
  searchLogs,
  SearchTokenError,
  type SearchRequest,
  type SearchPage,
  type InvocationLines,
} from './logs/searchLogs';
export {
  invocationLines,
  type InvocationRequest,
  type Invocation as InvocationLog,
} from './logs/invocationLines';
export {
  listFunctionUrls,
  createFunctionUrl,
  deleteFunctionUrl,
  urlQualifier,
  type FunctionUrlConfig,
} from './functionUrls';
export { runtimeOf } from './invokeStreaming';
export {
  fetchReportData,
  coveredSpanMs,
  windowRange,
  REPORT_FILTER_PATTERN,
  DEFAULT_EVENT_CAP,
  type ReportData,
  type ReportFetchOptions,
  type ReportProgress,
  type ReportWindow,
} from './reportData';
// The pure models travel with the cloud bundle so the extension can require them with the data.
export { ReportStats, type ReportSummary } from '../core/report/reportStats';
export { durationChart, type ChartBin } from '../core/report/durationChart';
export {
  estimateFunction,
  type EstimateRequest,
  type FunctionEstimate,
  type FunctionFacts,
} from '../core/cost/functionEstimate';
export {
  monthlyCost,
  costPerMillion,
  toCents,
  type CostInput,
  type CostOptions,
  type CostEstimate,
  type CostLine,
} from '../core/cost/monthlyCost';
export {
  priceTableFor,
  PRICE_TABLES,
  type PriceOverrides,
  type PriceTable,
  type Architecture,
} from '../core/cost/priceTable';
export { recommendMemory, type MemoryRecommendation } from '../core/cost/memoryRecommendation';
export { breakEven, type BreakEven } from '../core/cost/breakEven';
export { armSaving, type ArmSaving } from '../core/cost/armSaving';
export {
  estimateColdStart,
  type ColdStartEstimate,
  type ColdStartInput,
} from '../core/coldStart/coldStartEstimate';
export { mergeColdStart, type ColdStartFigure } from '../core/coldStart/mergeColdStart';
export { compareTimeout, type TimeoutComparison } from '../core/timeoutComparison';
export {
  deployFunction,
  DeployError,
  type DeployRequest,
  type DeployResult,
} from './deploy/deployFunction';
export {
  preparePackage,
  type PackageRequest,
  type PreparedPackage,
  type BuiltPackage,
} from './deploy/packageFolder';
export { PackagingError } from './deploy/packagingError';
export { ensureBasicExecutionRole, type BasicRole } from './deploy/executionRole';
export {
  loadFunctionDefinitions,
  guessFromFolder,
  type WorkspaceDefinitions,
  type FolderGuesses,
} from './deploy/functionDefinitions';
export type { DeployProgress, DeployStage, LiveState } from '../core/deploy/deployOutcome';
export type { FunctionDefinition, DefinitionProblem } from '../core/deploy/functionDefinition';
export {
  tuneFunction,
  type TuneRequest,
  type TuneProgress,
  type TuneStage,
} from './tune/tuneFunction';
export { applyMemorySize } from './tune/applyMemory';
export { restoredLines } from '../core/tune/restoredText';
export {
  checkTunePlan,
  DEFAULT_TUNE_SIZES_MB,
  type TunePlan,
  type TuneStrategy,
} from '../core/tune/tunePlan';
export type { TuneOutcome, RestoreReport } from '../core/tune/tuneOutcome';
export type { SizeResult } from '../core/tune/tuneStatistics';
