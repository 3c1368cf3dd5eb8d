// Application Load Balancer target group invoking a function.
import type { ALBEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { HTTP_REQUEST, queryMaps, requestHeaders } from '../httpRequest';
import { LOCATION, param } from '../parameters';

export const ALB_EVENTS = [
  defineEvent({
    service: 'alb',
    event: 'request',
    description: 'an HTTP request forwarded by an Application Load Balancer',
    parameters: {
      ...LOCATION,
      ...HTTP_REQUEST,
      method: param('httpMethod', 'HTTP method', 'GET'),
      body: param('text', 'request body', ''),
      targetGroup: param('resourceName', 'target group name', 'lambda-target'),
    },
    build: (v, g): ALBEvent => ({
      requestContext: {
        elb: {
          targetGroupArn: g.arn(
            'elasticloadbalancing',
            `targetgroup/${v.targetGroup}/${g.hex(16)}`,
          ),
        },
      },
      httpMethod: v.method,
      path: v.path,
      queryStringParameters: queryMaps(v.query).single,
      headers: requestHeaders(
        `lambda-alb-${g.digits(9)}.${v.region}.elb.amazonaws.com`,
        v.headers,
        v.body,
        g,
      ),
      body: v.body,
      isBase64Encoded: false,
    }),
  }),
] as const;
