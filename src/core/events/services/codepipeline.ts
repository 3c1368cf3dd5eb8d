// AWS CodePipeline: a job for a Lambda invoke action.
import type { CodePipelineEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { ACCOUNT, param } from '../parameters';

export const CODEPIPELINE_EVENTS = [
  defineEvent({
    service: 'codepipeline',
    event: 'job',
    description: 'a Lambda invoke action job',
    parameters: {
      ...ACCOUNT,
      inputBucket: param('bucket', 'input artifact bucket', 'example-bucket'),
      inputKey: param('text', 'input artifact key', 'test/key'),
      outputBucket: param('bucket', 'output artifact bucket', 'example-bucket2'),
      outputKey: param('text', 'output artifact key', 'test/key2'),
      userParameters: param('text', "the action's UserParameters", '{"env":"test"}'),
    },
    build: (v, g): CodePipelineEvent => ({
      'CodePipeline.job': {
        id: g.uuid(),
        accountId: v.account,
        data: {
          actionConfiguration: {
            configuration: { FunctionName: 'MyLambdaFunction', UserParameters: v.userParameters },
          },
          inputArtifacts: [
            {
              name: 'SourceOutput',
              revision: g.hex(40),
              location: {
                type: 'S3',
                s3Location: { bucketName: v.inputBucket, objectKey: v.inputKey },
              },
            },
          ],
          outputArtifacts: [
            {
              name: 'BuildOutput',
              revision: null,
              location: {
                type: 'S3',
                s3Location: { bucketName: v.outputBucket, objectKey: v.outputKey },
              },
            },
          ],
          artifactCredentials: {
            accessKeyId: `ASIA${g.alphanumeric(16).toUpperCase()}`,
            secretAccessKey: g.randomBase64(30),
            sessionToken: g.randomBase64(200),
          },
        },
      },
    }),
  }),
] as const;
