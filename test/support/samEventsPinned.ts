// The SAM events whose shapes the unit test pins (issue #23 names them, plus others where SAM was
// found right): `service event`, as in `sam local generate-event service event`.
export const PINNED_SAM_EVENTS: readonly string[] = [
  'rekognition s3-request',
  'appsync resolver',
  'apigateway http-api-proxy',
  'apigateway aws-proxy',
  'apigateway request-authorizer',
  'lex-v2 banking-bot',
  'lex-v2 book-car',
  'lex-v2 book-hotel',
  'batch get-job',
  'batch submit-job',
  'cloudformation create-request',
  'connect contact-flow-event',
  'kinesis streams-as-source',
  'kinesis syslog',
  'lex book-car',
  'lex book-hotel',
  's3 batch-invocation',
];
