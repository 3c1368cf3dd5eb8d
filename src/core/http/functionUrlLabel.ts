// How a Function URL reads in the Functions view: its address, with "will not stream" beside it
// when the URL's InvokeMode is RESPONSE_STREAM but the function's runtime cannot stream (Lambda
// then invokes it through InvokeWithResponseStream all the same, and its response arrives whole
// when it returns: see canStreamResponses). The tooltip says why.
import { whyNoStreaming } from '../invoke/responseStreaming';

export interface FunctionUrlFacts {
  readonly url: string;
  readonly authType: string;
  readonly invokeMode?: string;
}

export interface FunctionUrlLabel {
  readonly description: string;
  readonly tooltip: string;
}

/** `runtime` undefined (a container image, or not known): nothing is said about streaming. */
export function functionUrlLabel(
  facts: FunctionUrlFacts,
  runtime: string | undefined,
): FunctionUrlLabel {
  const lines = [facts.url, `Auth type: ${facts.authType}`];
  if (facts.invokeMode) lines.push(`Invoke mode: ${facts.invokeMode}`);
  const why =
    facts.invokeMode === 'RESPONSE_STREAM' && runtime ? whyNoStreaming(runtime) : undefined;
  if (!why) return { description: facts.url, tooltip: lines.join('\n') };
  return { description: `${facts.url} · will not stream`, tooltip: [...lines, why].join('\n') };
}
