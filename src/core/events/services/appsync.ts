// AWS AppSync direct Lambda resolver, called by a user signed in to a Cognito user pool (the
// identity AppSync passes for AMAZON_COGNITO_USER_POOLS authorization, as in SAM's sample).
import type { AppSyncIdentityCognito, AppSyncResolverEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import type { EventGeneration } from '../eventGeneration';
import { param } from '../parameters';

/** The region of an AppSync API host (`….appsync-api.REGION.amazonaws.com`), for the user pool's issuer. */
function regionOf(host: string): string {
  return /\.appsync-api\.([a-z0-9-]+)\./.exec(host)?.[1] ?? 'us-east-1';
}

/** The claims of a Cognito ID token, with the times of a token issued a minute ago. */
function cognitoIdentity(user: string, host: string, g: EventGeneration): AppSyncIdentityCognito {
  const sub = g.uuid();
  const region = regionOf(host);
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${region}_${g.alphanumeric(9)}`;
  const issued = g.epochSeconds() - 60;
  return {
    sub,
    issuer,
    username: user,
    sourceIp: ['127.0.0.1'],
    defaultAuthStrategy: 'ALLOW',
    groups: null,
    claims: {
      sub,
      email_verified: true,
      iss: issuer,
      phone_number_verified: false,
      'cognito:username': user,
      aud: g.alphanumeric(26).toLowerCase(),
      event_id: g.uuid(),
      token_use: 'id',
      auth_time: issued,
      phone_number: '+15555550100',
      exp: issued + 3600,
      iat: issued,
      email: `${user}@example.com`,
    },
  };
}

export const APPSYNC_EVENTS = [
  defineEvent({
    service: 'appsync',
    event: 'resolver',
    description: 'a direct Lambda resolver call for one field, by a Cognito user-pool user',
    parameters: {
      type: param('text', 'parent type name', 'Query'),
      field: param('text', 'field name', 'getPost'),
      arguments: param('jsonObject', 'field arguments, a JSON object', '{"id":"1"}'),
      host: param('text', 'API host', 'example1234567890.appsync-api.us-east-1.amazonaws.com'),
      user: param('text', "the signed-in user's name", 'jdoe'),
    },
    build: (v, g): AppSyncResolverEvent<Record<string, unknown>> => ({
      arguments: JSON.parse(v.arguments) as Record<string, unknown>,
      identity: cognitoIdentity(v.user, v.host, g),
      source: null,
      prev: null,
      stash: {},
      request: {
        headers: {
          host: v.host,
          'content-type': 'application/json',
          authorization: g.randomBase64(48),
          'x-amzn-requestid': g.uuid(),
        },
        domainName: null,
      },
      info: {
        parentTypeName: v.type,
        fieldName: v.field,
        selectionSetList: ['id', 'title'],
        selectionSetGraphQL: '{\n  id\n  title\n}',
        variables: {},
      },
    }),
  }),
] as const;
