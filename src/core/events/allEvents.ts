// Every catalog entry, service by service (one file per service under services/).
import type { EventDefinition } from './eventDefinition';
import { ALB_EVENTS } from './services/alb';
import { ALEXA_EVENTS } from './services/alexa';
import { APIGATEWAY_EVENTS } from './services/apigateway';
import { APPSYNC_EVENTS } from './services/appsync';
import { BATCH_EVENTS } from './services/batch';
import { CLOUDFORMATION_EVENTS } from './services/cloudformation';
import { CLOUDFRONT_EVENTS } from './services/cloudfront';
import { CLOUDWATCH_EVENTS } from './services/cloudwatch';
import { CODECOMMIT_EVENTS } from './services/codecommit';
import { CODEPIPELINE_EVENTS } from './services/codepipeline';
import { COGNITO_EVENTS } from './services/cognito';
import { CONFIG_EVENTS } from './services/config';
import { CONNECT_EVENTS } from './services/connect';
import { DYNAMODB_EVENTS } from './services/dynamodb';
import { EVENTBRIDGE_EVENTS } from './services/eventbridge';
import { KAFKA_EVENTS } from './services/kafka';
import { KINESIS_EVENTS } from './services/kinesis';
import { LAMBDA_EVENTS } from './services/lambda';
import { LEX_V1_EVENTS, LEX_V2_EVENTS } from './services/lex';
import { REKOGNITION_EVENTS } from './services/rekognition';
import { S3_EVENTS } from './services/s3';
import { SAGEMAKER_EVENTS } from './services/sagemaker';
import { SES_EVENTS } from './services/ses';
import { SNS_EVENTS } from './services/sns';
import { SQS_EVENTS } from './services/sqs';
import { STEPFUNCTIONS_EVENTS } from './services/stepfunctions';
import { WORKMAIL_EVENTS } from './services/workmail';

export const ALL_EVENTS: readonly EventDefinition[] = [
  ...ALB_EVENTS,
  ...ALEXA_EVENTS,
  ...APIGATEWAY_EVENTS,
  ...APPSYNC_EVENTS,
  ...BATCH_EVENTS,
  ...CLOUDFORMATION_EVENTS,
  ...CLOUDFRONT_EVENTS,
  ...CLOUDWATCH_EVENTS,
  ...CODECOMMIT_EVENTS,
  ...CODEPIPELINE_EVENTS,
  ...COGNITO_EVENTS,
  ...CONFIG_EVENTS,
  ...CONNECT_EVENTS,
  ...DYNAMODB_EVENTS,
  ...EVENTBRIDGE_EVENTS,
  ...KAFKA_EVENTS,
  ...KINESIS_EVENTS,
  ...LAMBDA_EVENTS,
  ...LEX_V1_EVENTS,
  ...LEX_V2_EVENTS,
  ...REKOGNITION_EVENTS,
  ...S3_EVENTS,
  ...SAGEMAKER_EVENTS,
  ...SES_EVENTS,
  ...SNS_EVENTS,
  ...SQS_EVENTS,
  ...STEPFUNCTIONS_EVENTS,
  ...WORKMAIL_EVENTS,
];
