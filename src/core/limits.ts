// Lambda quotas (AWS docs, "Lambda quotas"; see ../shared/notes/aws-facts.md). One place, so that
// the local endpoint, the deploy checks and the panels never disagree about a limit.
export const MEMORY_MIN_MB = 128;
export const MEMORY_MAX_MB = 10_240;
export const MEMORY_PER_VCPU_MB = 1_769;
export const TIMEOUT_MIN_S = 1;
export const TIMEOUT_MAX_S = 900;
export const ENVIRONMENT_MAX_BYTES = 4 * 1024;
export const SYNC_PAYLOAD_MAX_BYTES = 6 * 1024 * 1024;
export const ASYNC_PAYLOAD_MAX_BYTES = 1024 * 1024;
/**
 * A streamed response (response streaming) at most: 200 MB since 2025-07-31, 20 MB before
 * (DG "Response streaming for Lambda functions"; What's New 2025-07 "200 MB payloads").
 */
export const STREAMED_RESPONSE_MAX_BYTES = 200 * 1024 * 1024;
export const ZIP_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
export const UNZIPPED_MAX_BYTES = 250 * 1024 * 1024;
/** Above this a base64-encoded direct upload no longer fits in a CreateFunction/UpdateFunctionCode body. */
export const REQUEST_BODY_MAX_BYTES = 69_905_067;
export const EPHEMERAL_STORAGE_MIN_MB = 512;
export const EPHEMERAL_STORAGE_MAX_MB = 10_240;
export const FUNCTION_NAME_MAX_LENGTH = 64;
/** CreateFunction's FunctionName, as a full ARN, at most (DeleteFunction's too, per AWS's model). */
export const FUNCTION_ARN_MAX_LENGTH = 140;
export const LIST_FUNCTIONS_MAX_ITEMS = 50;
export const TAIL_LOG_MAX_BYTES = 4 * 1024;
/** Lambda cuts a longer line of a function's output into events of this many characters (256 KB - 26). */
export const LAMBDA_LOG_LINE_MAX_CHARS = 262_118;
/** CloudWatch Logs counts each event as its message's UTF-8 bytes plus this. */
export const LOG_EVENT_OVERHEAD_BYTES = 26;
/** CloudWatch Logs: one event's message at most (1 MB since 2025-04, less what it counts per event). */
export const LOG_EVENT_MAX_BYTES = 1_048_576 - LOG_EVENT_OVERHEAD_BYTES;
/** CloudWatch Logs: GetLogEvents and FilterLogEvents answer at most this much (and 10,000 events). */
export const LOG_RESPONSE_MAX_BYTES = 1_048_576;
export const CONTROL_PLANE_REQUESTS_PER_SECOND = 15;
export const DEFAULT_MEMORY_MB = 128;
export const DEFAULT_TIMEOUT_S = 3;
