// AWS Step Functions: the error a Catch passes to the next state.
import { defineEvent } from '../eventDefinition';
import { param } from '../parameters';

export const STEPFUNCTIONS_EVENTS = [
  defineEvent({
    service: 'stepfunctions',
    event: 'error',
    description: 'the error output a Catch hands to its next state',
    parameters: {
      error: param('text', 'error name', 'States.TaskFailed'),
      cause: param('text', 'cause', 'An error occurred while executing the state.'),
    },
    build: (v) => ({ Error: v.error, Cause: v.cause }),
  }),
];
