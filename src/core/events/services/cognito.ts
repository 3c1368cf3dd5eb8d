// Amazon Cognito: the Sync trigger of identity pools (service `cognito`, as SAM names it) and the
// user-pool Lambda triggers (service `cognito-user-pool`).
import type {
  PostConfirmationConfirmSignUpTriggerEvent,
  PreSignUpEmailTriggerEvent,
  PreTokenGenerationAuthenticationTriggerEvent,
} from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import type { EventGeneration } from '../eventGeneration';
import { param, REGION } from '../parameters';

const USER_POOL = {
  ...REGION,
  userPool: param('text', 'user pool id suffix (after <region>_)', 'EXAMPLE123'),
  client: param('text', 'app client id', '1example23456789'),
  userName: param('text', 'user name', 'jane'),
  email: param('text', 'email attribute', 'jane@example.com'),
};

function base<T extends string>(
  v: { region: string; userPool: string; client: string; userName: string },
  triggerSource: T,
) {
  return {
    version: '1',
    region: v.region,
    userPoolId: `${v.region}_${v.userPool}`,
    triggerSource,
    userName: v.userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: v.client },
  };
}

function attributes(
  v: { email: string },
  g: EventGeneration,
  confirmed: boolean,
): Record<string, string> {
  return {
    sub: g.uuid(),
    email: v.email,
    email_verified: String(confirmed),
    ...(confirmed ? { 'cognito:user_status': 'CONFIRMED' } : {}),
  };
}

export const COGNITO_EVENTS = [
  defineEvent({
    service: 'cognito',
    event: 'sync-trigger',
    description: 'Cognito Sync trigger (identity pool dataset sync)',
    parameters: {
      ...REGION,
      identityPool: param(
        'text',
        'identity pool id suffix (after <region>:)',
        'example-identity-pool',
      ),
      dataset: param('text', 'dataset name', 'datasetName'),
    },
    build: (v, g) => ({
      version: 2,
      eventType: 'SyncTrigger',
      region: v.region,
      identityPoolId: `${v.region}:${v.identityPool}`,
      identityId: `${v.region}:${g.uuid()}`,
      datasetName: v.dataset,
      datasetRecords: {
        SampleKey1: { oldValue: 'oldValue1', newValue: 'newValue1', op: 'replace' },
        SampleKey2: { oldValue: 'oldValue2', newValue: 'newValue2', op: 'replace' },
      },
    }),
  }),
  defineEvent({
    service: 'cognito-user-pool',
    event: 'pre-sign-up',
    description: 'Pre sign-up trigger (PreSignUp_SignUp)',
    parameters: USER_POOL,
    build: (v): PreSignUpEmailTriggerEvent => ({
      ...base(v, 'PreSignUp_SignUp'),
      request: { userAttributes: { email: v.email }, validationData: {} },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    }),
  }),
  defineEvent({
    service: 'cognito-user-pool',
    event: 'post-confirmation',
    description: 'Post confirmation trigger (PostConfirmation_ConfirmSignUp)',
    parameters: USER_POOL,
    build: (v, g): PostConfirmationConfirmSignUpTriggerEvent => ({
      ...base(v, 'PostConfirmation_ConfirmSignUp'),
      request: { userAttributes: attributes(v, g, true) },
      response: {},
    }),
  }),
  defineEvent({
    service: 'cognito-user-pool',
    event: 'pre-token-generation',
    description: 'Pre token generation trigger (TokenGeneration_Authentication)',
    parameters: USER_POOL,
    build: (v, g): PreTokenGenerationAuthenticationTriggerEvent => ({
      ...base(v, 'TokenGeneration_Authentication'),
      request: {
        userAttributes: attributes(v, g, true),
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
      },
      response: { claimsOverrideDetails: {} },
    }),
  }),
] as const;
