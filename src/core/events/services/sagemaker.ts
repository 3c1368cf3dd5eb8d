// Amazon SageMaker Ground Truth custom labeling: pre-human task and annotation consolidation.
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

const JOB = { ...LOCATION, job: param('resourceName', 'labeling job name', 'example-job') };

export const SAGEMAKER_EVENTS = [
  defineEvent({
    service: 'sagemaker',
    event: 'ground-truth-pre-human',
    description: 'Ground Truth pre-annotation (PreHumanTask) request',
    parameters: {
      ...JOB,
      sourceRef: param(
        'text',
        'S3 URI of the object to label',
        's3://sagemakerexample/object_to_annotate.jpg',
      ),
    },
    build: (v, g) => ({
      version: '2018-10-16',
      labelingJobArn: g.arn('sagemaker', `labeling-job/${v.job}`),
      dataObject: { 'source-ref': v.sourceRef },
    }),
  }),
  defineEvent({
    service: 'sagemaker',
    event: 'ground-truth-annotation-consolidation',
    description: 'Ground Truth annotation consolidation request',
    parameters: {
      ...JOB,
      labelAttribute: param('text', 'label attribute name', 'example-attribute'),
      outputPath: param('text', 'S3 output path', 's3://sagemakerexample/output'),
      role: param('resourceName', 'execution role name', 'sagemaker-role'),
    },
    build: (v, g) => ({
      version: '2018-10-16',
      labelingJobArn: g.arn('sagemaker', `labeling-job/${v.job}`),
      labelAttributeName: v.labelAttribute,
      roleArn: g.arn('iam', `role/${v.role}`, { region: '' }),
      payload: {
        s3Uri: `${v.outputPath}/${v.job}/annotations/consolidated-annotation/consolidation-request/iteration-1/${g.isoSeconds().replace(/:/g, '_')}.json`,
      },
    }),
  }),
];
