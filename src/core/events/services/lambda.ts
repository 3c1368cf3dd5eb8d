// Lambda Function URLs (payload format 2.0, like HTTP APIs).
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { HTTP_REQUEST } from '../httpRequest';
import { LOCATION, param } from '../parameters';
import { httpApiEvent } from './apigateway';

export const LAMBDA_EVENTS = [
  defineEvent({
    service: 'lambda',
    event: 'function-url',
    description: 'a request to a Lambda Function URL',
    parameters: {
      ...LOCATION,
      url: param(
        'resourceName',
        'the URL id (the first label of <id>.lambda-url.<region>.on.aws)',
        'abcdefghijklmnopqrstuvwxyz012345',
      ),
      ...HTTP_REQUEST,
    },
    build: (v, g): LambdaFunctionURLEvent =>
      httpApiEvent(
        { ...v, api: v.url, stage: '$default' },
        g,
        `${v.url}.lambda-url.${v.region}.on.aws`,
        '$default',
      ),
  }),
] as const;
