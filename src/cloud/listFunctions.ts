import {
  paginateListFunctions,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { LIST_FUNCTIONS_MAX_ITEMS } from '../core/limits';

export interface FunctionPage {
  readonly functions: FunctionConfiguration[];
  /** False on the last page. */
  readonly more: boolean;
}

/**
 * Yields ListFunctions pages as they arrive, so a caller can draw the first page before the
 * last one is fetched (the AWS Toolkit drains every page first).
 */
export async function* listFunctionPages(
  client: LambdaClient,
  signal?: AbortSignal,
): AsyncGenerator<FunctionPage> {
  const pages = paginateListFunctions({ client, pageSize: LIST_FUNCTIONS_MAX_ITEMS }, {});
  for await (const page of pages) {
    if (signal?.aborted) return;
    yield { functions: page.Functions ?? [], more: Boolean(page.NextMarker) };
  }
}
