// Amazon SES email receiving: a receipt rule with a Lambda action.
import type { SESEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

export const SES_EVENTS = [
  defineEvent({
    service: 'ses',
    event: 'email-receiving',
    description: 'an email received by a receipt rule with a Lambda action',
    parameters: {
      ...LOCATION,
      from: param('text', 'sender address', 'janedoe@example.com'),
      to: param('text', 'recipient address', 'johndoe@example.com'),
      subject: param('text', 'subject', 'Test Subject'),
    },
    build: (v, g): SESEvent => {
      const messageId = g.alphanumeric(20).toLowerCase();
      const date = g.httpDate().replace('GMT', '+0000');
      return {
        Records: [
          {
            eventSource: 'aws:ses',
            eventVersion: '1.0',
            ses: {
              mail: {
                timestamp: g.isoMillis(),
                source: v.from,
                messageId,
                destination: [v.to],
                headersTruncated: false,
                headers: [
                  { name: 'From', value: v.from },
                  { name: 'To', value: v.to },
                  { name: 'Subject', value: v.subject },
                  { name: 'Date', value: date },
                ],
                commonHeaders: {
                  returnPath: v.from,
                  from: [v.from],
                  date,
                  to: [v.to],
                  messageId: `<${g.uuid()}@mail.example.com>`,
                  subject: v.subject,
                },
              },
              receipt: {
                timestamp: g.isoMillis(),
                processingTimeMillis: 574,
                recipients: [v.to],
                spamVerdict: { status: 'PASS' },
                virusVerdict: { status: 'PASS' },
                spfVerdict: { status: 'PASS' },
                dkimVerdict: { status: 'PASS' },
                dmarcVerdict: { status: 'PASS' },
                dmarcPolicy: 'reject',
                action: {
                  type: 'Lambda',
                  invocationType: 'Event',
                  functionArn: g.arn('lambda', 'function:ses-receiver'),
                },
              },
            },
          },
        ],
      };
    },
  }),
] as const;
