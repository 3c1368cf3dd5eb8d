// Amazon WorkMail: a synchronous Run Lambda inbound email flow rule.
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

export const WORKMAIL_EVENTS = [
  defineEvent({
    service: 'workmail',
    event: 'email',
    description: 'an inbound email reaching a Run Lambda email flow rule',
    parameters: {
      ...LOCATION,
      from: param('text', 'sender address', 'from@example.com'),
      to: param('text', 'recipient address', 'to@example.com'),
      subject: param('text', 'subject', 'Hello From Amazon WorkMail!'),
      organization: param('text', 'organization id', 'm-0123456789abcdef0123456789abcdef'),
    },
    build: (v, g) => ({
      summaryVersion: '2019-07-28',
      envelope: { mailFrom: { address: v.from }, recipients: [{ address: v.to }] },
      sender: { address: v.from },
      subject: v.subject,
      messageId: g.uuid(),
      invocationId: g.hex(32),
      flowDirection: 'INBOUND',
      truncated: false,
      organizationArn: g.arn('workmail', `organization/${v.organization}`),
    }),
  }),
];
