// Amazon SNS: a topic notification.
import type { SNSEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

/** A String and a Binary attribute, as a publisher may set them (and SAM's sample has them). */
const MESSAGE_ATTRIBUTES = {
  Test: { Type: 'String', Value: 'TestString' },
  TestBinary: { Type: 'Binary', Value: 'VGVzdEJpbmFyeQ==' },
};

export const SNS_EVENTS = [
  defineEvent({
    service: 'sns',
    event: 'notification',
    description: 'a message published to a topic',
    parameters: {
      ...LOCATION,
      topic: param('resourceName', 'topic name', 'ExampleTopic'),
      subject: param('text', 'message subject', 'example subject'),
      message: param('text', 'message body', 'example message'),
    },
    build: (v, g): SNSEvent => {
      const topicArn = g.arn('sns', v.topic);
      const host = `https://sns.${v.region}.amazonaws.com`;
      return {
        Records: [
          {
            EventVersion: '1.0',
            EventSource: 'aws:sns',
            EventSubscriptionArn: `${topicArn}:${g.uuid()}`,
            Sns: {
              SignatureVersion: '1',
              Timestamp: g.isoMillis(),
              Signature: g.randomBase64(256),
              SigningCertUrl: `${host}/SimpleNotificationService-${g.hex(32)}.pem`,
              MessageId: g.uuid(),
              Message: v.message,
              MessageAttributes: MESSAGE_ATTRIBUTES,
              Type: 'Notification',
              UnsubscribeUrl: `${host}/?Action=Unsubscribe&SubscriptionArn=${topicArn}`,
              TopicArn: topicArn,
              Subject: v.subject,
            },
          },
        ],
      };
    },
  }),
] as const;
