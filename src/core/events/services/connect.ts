// Amazon Connect: a contact flow invoking a function.
import type { ConnectContactFlowEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

export const CONNECT_EVENTS = [
  defineEvent({
    service: 'connect',
    event: 'contact-flow-event',
    description:
      "a voice contact reaches an Invoke AWS Lambda function block, in a queue and with live media streaming started (SAM's sample has Queue null, a contact not yet queued; both are what Connect sends: https://docs.aws.amazon.com/lambda/latest/dg/services-connect.html)",
    parameters: {
      ...LOCATION,
      contact: param('text', 'contact id', '5ca32fbd-8f92-46af-92a5-6b0f970f0efe'),
      phone: param('text', 'customer phone number', '+11234567890'),
      instance: param('text', 'instance id', '11111111-2222-3333-4444-555555555555'),
      queue: param(
        'text',
        'the working queue the flow set (empty: none yet, Queue is null)',
        'BasicQueue',
      ),
      mediaStreaming: param(
        'choice',
        "on: a Start media streaming block ran (the customer's audio stream in Kinesis Video Streams is in the event); off: it never did (Audio is null)",
        'on',
        ['on', 'off'],
      ),
    },
    build: (v, g): ConnectContactFlowEvent => {
      const instanceArn = g.arn('connect', `instance/${v.instance}`);
      const streamStart = g.epochMillis(-5_000);
      return {
        Name: 'ContactFlowEvent',
        Details: {
          ContactData: {
            Attributes: {},
            Channel: 'VOICE',
            ContactId: v.contact,
            InitialContactId: v.contact,
            PreviousContactId: v.contact,
            InitiationMethod: 'INBOUND',
            InstanceARN: instanceArn,
            CustomerEndpoint: { Address: v.phone, Type: 'TELEPHONE_NUMBER' },
            SystemEndpoint: { Address: '+18005550100', Type: 'TELEPHONE_NUMBER' },
            Queue: v.queue ? { ARN: `${instanceArn}/queue/${g.uuid()}`, Name: v.queue } : null,
            MediaStreams: {
              Customer: {
                Audio:
                  v.mediaStreaming === 'on'
                    ? {
                        StartFragmentNumber: g.digits(47),
                        StartTimestamp: String(streamStart),
                        StreamARN: g.arn(
                          'kinesisvideo',
                          `stream/connect-contact-${v.contact}/${streamStart}`,
                        ),
                      }
                    : null,
              },
            },
          },
          Parameters: { sentAttributeKey: 'sentAttributeValue' },
        },
      };
    },
  }),
] as const;
