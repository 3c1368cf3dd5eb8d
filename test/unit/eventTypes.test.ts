// Compile-time checks: each typed catalog entry's output is assignable to its @types/aws-lambda
// type (`npm run typecheck` covers test/). The build functions already declare these return
// types; this file pins them from the outside, so changing one to `unknown` fails the check.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyWebsocketEventV2,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
  AppSyncResolverEvent,
  CloudFormationCustomResourceCreateEvent,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
  CloudWatchLogsEvent,
  CodeCommitTriggerEvent,
  CodePipelineEvent,
  ConnectContactFlowEvent,
  DynamoDBStreamEvent,
  EventBridgeEvent,
  FirehoseTransformationEvent,
  KinesisStreamEvent,
  LambdaFunctionURLEvent,
  LexEvent,
  LexV2Event,
  MSKEvent,
  PostConfirmationTriggerEvent,
  PreSignUpTriggerEvent,
  PreTokenGenerationTriggerEvent,
  S3BatchEvent,
  S3Event,
  ScheduledEvent,
  SelfManagedKafkaEvent,
  SESEvent,
  SNSEvent,
  SQSEvent,
} from 'aws-lambda';
import { buildEvent } from '../../src/core/events/catalog';
import type { EventDefinition } from '../../src/core/events/eventDefinition';
import { ALB_EVENTS } from '../../src/core/events/services/alb';
import { APIGATEWAY_EVENTS } from '../../src/core/events/services/apigateway';
import { APPSYNC_EVENTS } from '../../src/core/events/services/appsync';
import { CLOUDFORMATION_EVENTS } from '../../src/core/events/services/cloudformation';
import { CLOUDFRONT_EVENTS } from '../../src/core/events/services/cloudfront';
import { CLOUDWATCH_EVENTS } from '../../src/core/events/services/cloudwatch';
import { CODECOMMIT_EVENTS } from '../../src/core/events/services/codecommit';
import { CODEPIPELINE_EVENTS } from '../../src/core/events/services/codepipeline';
import { COGNITO_EVENTS } from '../../src/core/events/services/cognito';
import { CONNECT_EVENTS } from '../../src/core/events/services/connect';
import { DYNAMODB_EVENTS } from '../../src/core/events/services/dynamodb';
import { EVENTBRIDGE_EVENTS } from '../../src/core/events/services/eventbridge';
import { KAFKA_EVENTS } from '../../src/core/events/services/kafka';
import { KINESIS_EVENTS } from '../../src/core/events/services/kinesis';
import { LAMBDA_EVENTS } from '../../src/core/events/services/lambda';
import { LEX_V1_EVENTS, LEX_V2_EVENTS } from '../../src/core/events/services/lex';
import { S3_EVENTS } from '../../src/core/events/services/s3';
import { SES_EVENTS } from '../../src/core/events/services/ses';
import { SNS_EVENTS } from '../../src/core/events/services/sns';
import { SQS_EVENTS } from '../../src/core/events/services/sqs';

/** The output type of the entry at `index` of a service's list. */
type Built<L extends readonly unknown[], I extends number> = L[I] extends {
  build(...args: never[]): infer T;
}
  ? T
  : never;

function at<L extends readonly unknown[], I extends number>(list: L, index: I): Built<L, I> {
  return buildEvent(list[index] as EventDefinition) as Built<L, I>;
}

test('typed catalog entries produce their @types/aws-lambda types', () => {
  const typed: unknown[] = [];
  const s3: S3Event = at(S3_EVENTS, 0);
  const s3Batch: S3BatchEvent = at(S3_EVENTS, 8);
  const sqs: SQSEvent = at(SQS_EVENTS, 0);
  const sqsFifo: SQSEvent = at(SQS_EVENTS, 1);
  const sns: SNSEvent = at(SNS_EVENTS, 0);
  const rest: APIGatewayProxyEvent = at(APIGATEWAY_EVENTS, 0);
  const httpApi: APIGatewayProxyEventV2 = at(APIGATEWAY_EVENTS, 1);
  const token: APIGatewayTokenAuthorizerEvent = at(APIGATEWAY_EVENTS, 2);
  const request: APIGatewayRequestAuthorizerEvent = at(APIGATEWAY_EVENTS, 3);
  // The message route: @types has messageId a string, which AWS sends on messages only.
  const socket: APIGatewayProxyWebsocketEventV2 = at(APIGATEWAY_EVENTS, 5);
  const url: LambdaFunctionURLEvent = at(LAMBDA_EVENTS, 0);
  const alb: ALBEvent = at(ALB_EVENTS, 0);
  const appsync: AppSyncResolverEvent<Record<string, unknown>> = at(APPSYNC_EVENTS, 0);
  const cfn: CloudFormationCustomResourceCreateEvent = at(CLOUDFORMATION_EVENTS, 0);
  const edge: CloudFrontRequestEvent | CloudFrontResponseEvent = at(CLOUDFRONT_EVENTS, 0);
  const logs: CloudWatchLogsEvent = at(CLOUDWATCH_EVENTS, 0);
  const schedule: ScheduledEvent = at(CLOUDWATCH_EVENTS, 1);
  const commit: CodeCommitTriggerEvent = at(CODECOMMIT_EVENTS, 0);
  const pipeline: CodePipelineEvent = at(CODEPIPELINE_EVENTS, 0);
  const preSignUp: PreSignUpTriggerEvent = at(COGNITO_EVENTS, 1);
  const postConfirmation: PostConfirmationTriggerEvent = at(COGNITO_EVENTS, 2);
  const preToken: PreTokenGenerationTriggerEvent = at(COGNITO_EVENTS, 3);
  const connect: ConnectContactFlowEvent = at(CONNECT_EVENTS, 0);
  const streams: DynamoDBStreamEvent = at(DYNAMODB_EVENTS, 0);
  const bus: EventBridgeEvent<string, Record<string, unknown>> = at(EVENTBRIDGE_EVENTS, 0);
  const msk: MSKEvent = at(KAFKA_EVENTS, 0);
  const kafka: SelfManagedKafkaEvent = at(KAFKA_EVENTS, 1);
  const kinesis: KinesisStreamEvent = at(KINESIS_EVENTS, 0);
  const firehose: FirehoseTransformationEvent = at(KINESIS_EVENTS, 1);
  const lex: LexEvent = at(LEX_V1_EVENTS, 0);
  const lexV2: LexV2Event = at(LEX_V2_EVENTS, 0);
  const ses: SESEvent = at(SES_EVENTS, 0);
  typed.push(
    s3,
    s3Batch,
    sqs,
    sqsFifo,
    sns,
    rest,
    httpApi,
    token,
    request,
    socket,
    url,
    alb,
    appsync,
    cfn,
    edge,
    logs,
    schedule,
    commit,
    pipeline,
    preSignUp,
    postConfirmation,
    preToken,
    connect,
    streams,
    bus,
    msk,
    kafka,
    kinesis,
    firehose,
    lex,
    lexV2,
    ses,
  );
  assert.ok(typed.every((event) => event && typeof event === 'object'));
});
