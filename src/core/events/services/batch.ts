// AWS Batch: the request shapes of GetJob (DescribeJobs) and SubmitJob that SAM's samples carry.
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

const QUEUE = { ...LOCATION, jobQueue: param('resourceName', 'job queue name', 'example-queue'), jobDefinition: param('text', 'job definition name and revision', 'example-definition:1') };

export const BATCH_EVENTS = [
  defineEvent({
    service: 'batch', event: 'get-job', description: 'look up a Batch job by id', parameters: { jobId: param('text', 'job id', '5a4c8864-0665-4d26-a6a5-3c9ec8e3f0f8') },
    build: (v) => ({ jobId: v.jobId }),
  }),
  defineEvent({
    service: 'batch', event: 'submit-job', description: 'submit a Batch job', parameters: { ...QUEUE, jobName: param('resourceName', 'job name', 'example-job') },
    build: (v, g) => ({ jobName: v.jobName, jobQueue: g.arn('batch', `job-queue/${v.jobQueue}`), jobDefinition: g.arn('batch', `job-definition/${v.jobDefinition}`) }),
  }),
];
