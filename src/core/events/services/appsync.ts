// AWS AppSync direct Lambda resolver.
import type { AppSyncResolverEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { param } from '../parameters';

export const APPSYNC_EVENTS = [
  defineEvent({
    service: 'appsync', event: 'resolver', description: 'a direct Lambda resolver call for one field',
    parameters: {
      type: param('text', 'parent type name', 'Query'), field: param('text', 'field name', 'getPost'),
      arguments: param('jsonObject', 'field arguments, a JSON object', '{"id":"1"}'), host: param('text', 'API host', 'example1234567890.appsync-api.us-east-1.amazonaws.com'),
    },
    build: (v, g): AppSyncResolverEvent<Record<string, unknown>> => ({
      arguments: JSON.parse(v.arguments) as Record<string, unknown>, source: null, prev: null, stash: {},
      request: { headers: { host: v.host, 'content-type': 'application/json', 'x-amzn-requestid': g.uuid() }, domainName: null },
      info: { parentTypeName: v.type, fieldName: v.field, selectionSetList: ['id', 'title'], selectionSetGraphQL: '{\n  id\n  title\n}', variables: {} },
    }),
  }),
] as const;
