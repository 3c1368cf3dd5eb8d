// AWS CloudFormation custom resource: the Create request.
import type { CloudFormationCustomResourceCreateEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

export const CLOUDFORMATION_EVENTS = [
  defineEvent({
    service: 'cloudformation',
    event: 'create-request',
    description: 'custom resource Create request',
    parameters: {
      ...LOCATION,
      stack: param('resourceName', 'stack name', 'MyStack'),
      resourceType: param('text', 'custom resource type', 'Custom::TestResource'),
      properties: param(
        'jsonObject',
        "ResourceProperties, a JSON object: the resource's Properties in the template",
        '{"StackName":"MyStack","List":["1","2","3"]}',
      ),
    },
    build: (v, g): CloudFormationCustomResourceCreateEvent => {
      const serviceToken = g.arn('lambda', 'function:custom-resource');
      return {
        RequestType: 'Create',
        ServiceToken: serviceToken,
        ResponseURL: `https://cloudformation-custom-resource-response-${v.region.replace(/-/g, '')}.s3.${v.region}.amazonaws.com/${encodeURIComponent(g.arn('cloudformation', `stack/${v.stack}`))}?X-Amz-Signature=${g.hex(64)}`,
        StackId: g.arn('cloudformation', `stack/${v.stack}/${g.uuid()}`),
        RequestId: g.uuid(),
        LogicalResourceId: 'MyTestResource',
        ResourceType: v.resourceType,
        ResourceProperties: {
          ServiceToken: serviceToken,
          ...(JSON.parse(v.properties) as Record<string, unknown>),
        },
      };
    },
  }),
] as const;
