// Amazon CloudFront Lambda@Edge: the twelve examples of `sam local generate-event cloudfront`.
// They differ only in trigger, default URI and a few headers, so they are a table.
import type {
  CloudFrontHeaders,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
} from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import type { EventGeneration } from '../eventGeneration';
import { param } from '../parameters';

type Trigger = 'viewer-request' | 'origin-request' | 'origin-response' | 'viewer-response';

interface Variant {
  readonly event: string;
  readonly description: string;
  readonly trigger: Trigger;
  readonly uri?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const VARIANTS: readonly Variant[] = [
  {
    event: 'ab-test',
    description: 'A/B testing on a cookie',
    trigger: 'viewer-request',
    headers: { Cookie: 'X-Experiment-Name=B' },
  },
  {
    event: 'access-request-in-response',
    description: 'read request headers in a response trigger',
    trigger: 'viewer-response',
  },
  { event: 'http-redirect', description: 'generate an HTTP redirect', trigger: 'viewer-request' },
  {
    event: 'modify-querystring',
    description: 'rewrite the query string',
    trigger: 'viewer-request',
  },
  {
    event: 'modify-response-header',
    description: 'change an origin response header',
    trigger: 'origin-response',
  },
  {
    event: 'multiple-remote-calls-aggregate-response',
    description: 'aggregate several remote calls',
    trigger: 'origin-request',
    uri: '/forecast/Seattle:NewYork:Chicago:SanFrancisco',
  },
  {
    event: 'normalize-querystring-to-improve-cache-hit',
    description: 'normalise the query string',
    trigger: 'viewer-request',
  },
  {
    event: 'redirect-on-viewer-country',
    description: "redirect by the viewer's country",
    trigger: 'origin-request',
    headers: { 'CloudFront-Viewer-Country': 'DE' },
  },
  {
    event: 'redirect-unauthenticated-users',
    description: 'redirect users without a session cookie',
    trigger: 'viewer-request',
  },
  {
    event: 'response-generation',
    description: 'generate a response at the edge',
    trigger: 'viewer-request',
  },
  {
    event: 'serve-object-on-viewer-device',
    description: 'serve an object by device type',
    trigger: 'origin-request',
    headers: { 'CloudFront-Is-Mobile-Viewer': 'true', 'CloudFront-Is-Desktop-Viewer': 'false' },
  },
  {
    event: 'simple-remote-call',
    description: 'make a remote call from the edge',
    trigger: 'viewer-request',
  },
];

function headers(map: Readonly<Record<string, string>>): CloudFrontHeaders {
  return Object.fromEntries(
    Object.entries(map).map(([key, value]) => [key.toLowerCase(), [{ key, value }]]),
  );
}

function cloudFront(variant: Variant) {
  const parameters = {
    distribution: param('text', 'distribution id', 'EDFDVBD6EXAMPLE'),
    uri: param('path', 'request URI', variant.uri ?? '/test'),
    method: param('httpMethod', 'HTTP method', 'GET'),
    querystring: param('query', 'query string', ''),
  };
  const config = (v: { distribution: string }, g: EventGeneration) => ({
    distributionDomainName: `d${g.alphanumeric(13).toLowerCase()}.cloudfront.net`,
    distributionId: v.distribution,
    eventType: variant.trigger,
    requestId: `${g.randomBase64(42).replace(/[+/=]/g, '')}==`,
  });
  const request = (v: { uri: string; method: string; querystring: string }, host: string) => ({
    clientIp: '203.0.113.178',
    method: v.method,
    uri: v.uri,
    querystring: v.querystring,
    headers: headers({ Host: host, 'User-Agent': 'Amazon CloudFront', ...variant.headers }),
  });
  const description = `Lambda@Edge ${variant.trigger}: ${variant.description}`;
  if (variant.trigger.endsWith('-response')) {
    return defineEvent({
      service: 'cloudfront',
      event: variant.event,
      description,
      parameters,
      build: (v, g): CloudFrontResponseEvent => {
        const cf = config(v, g);
        return {
          Records: [
            {
              cf: {
                config: cf,
                request: request(v, cf.distributionDomainName),
                response: {
                  status: '200',
                  statusDescription: 'OK',
                  headers: headers({
                    'Content-Type': 'text/html',
                    'Last-Modified': g.httpDate(),
                    Server: 'AmazonS3',
                  }),
                },
              },
            },
          ],
        };
      },
    });
  }
  return defineEvent({
    service: 'cloudfront',
    event: variant.event,
    description,
    parameters,
    build: (v, g): CloudFrontRequestEvent => {
      const cf = config(v, g);
      return { Records: [{ cf: { config: cf, request: request(v, cf.distributionDomainName) } }] };
    },
  });
}

export const CLOUDFRONT_EVENTS = VARIANTS.map(cloudFront);
