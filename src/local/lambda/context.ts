import type { CodeStore } from '../store/codeStore';
import type { FunctionStore } from '../store/functionStore';
import type { LogStore } from '../store/logStore';
import type { FunctionRecord } from '../store/functionRecord';
import type { Exchange, Reply } from '../http/exchange';
import type { StreamingInvocation, StreamingInvokeRequest } from '../runtime/streamingInvocation';

/** What a caller inside the endpoint (a Function URL) knows of an invocation it starts. */
export interface InvokeOptions {
  /** The invocation's request id (the function's awsRequestId), when the caller already gave it out. */
  readonly requestId?: string;
  /** The payload is JSON the endpoint itself serialized: it is not parsed again to check it. */
  readonly payloadIsJson?: boolean;
}

/** Runs invocations (the execution environments of part 2 plug in here). */
export interface Invoker {
  invoke(
    exchange: Exchange,
    record: FunctionRecord,
    qualifier: string | undefined,
    options?: InvokeOptions,
  ): Promise<Reply>;
  /** Starts an invocation whose response is read as the function writes it (InvokeWithResponseStream, streamed Function URLs). */
  invokeStreaming(request: StreamingInvokeRequest): Promise<StreamingInvocation>;
  /** Called when a function's code or configuration changed or it was deleted: retire its environments. */
  retire(region: string, name: string): void;
  /** The code (CodeSha256) its environments and invocations still run, whatever the records say now. */
  codeInUse(): Set<string>;
  /** Deletes its unpacked copies of code not in `keep`. */
  removeUnusedCode(keep: ReadonlySet<string>): void;
  close(): Promise<void>;
}

/** The loopback listeners of Function URLs (../furl/urlServers.ts). */
export interface UrlListeners {
  /** Starts listening for a new URL on a free loopback port; resolves with the port. */
  open(urlId: string): Promise<number>;
  /** Stops a URL's listener and its connections; nothing when it has none. */
  close(urlId: string): void;
}

export interface LambdaContext {
  readonly account: string;
  readonly functions: FunctionStore;
  readonly code: CodeStore;
  readonly logs: LogStore;
  readonly invoker: Invoker;
  readonly urls: UrlListeners;
  /** A URL that serves a stored zip without signing (AWS gives a pre-signed S3 URL). */
  codeLocation(sha256Base64: string): string;
}
