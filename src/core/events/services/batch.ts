// AWS Batch: what the get-job and submit-job blueprints take: a job id to look up (DescribeJobs)
// and the job to submit (SubmitJob). SAM's two templates carry each other's fields; these follow
// the API, and say so.
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

const QUEUE = {
  ...LOCATION,
  jobQueue: param('resourceName', 'job queue name', 'example-queue'),
  jobDefinition: param('text', 'job definition name and revision', 'example-definition:1'),
};

export const BATCH_EVENTS = [
  defineEvent({
    service: 'batch',
    event: 'get-job',
    description:
      "look up a Batch job by its id (DescribeJobs takes job ids: https://docs.aws.amazon.com/batch/latest/APIReference/API_DescribeJobs.html; SAM's get-job sample carries SubmitJob's fields instead)",
    parameters: { jobId: param('text', 'job id', '5a4c8864-0665-4d26-a6a5-3c9ec8e3f0f8') },
    build: (v) => ({ jobId: v.jobId }),
  }),
  defineEvent({
    service: 'batch',
    event: 'submit-job',
    description:
      "submit a Batch job (SubmitJob takes its name, queue and definition: https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html; SAM's submit-job sample carries a job id instead)",
    parameters: { ...QUEUE, jobName: param('resourceName', 'job name', 'example-job') },
    build: (v, g) => ({
      jobName: v.jobName,
      jobQueue: g.arn('batch', `job-queue/${v.jobQueue}`),
      jobDefinition: g.arn('batch', `job-definition/${v.jobDefinition}`),
    }),
  }),
];
