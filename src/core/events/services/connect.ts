// Amazon Connect: a contact flow invoking a function.
import type { ConnectContactFlowEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

export const CONNECT_EVENTS = [
  defineEvent({
    service: 'connect',
    event: 'contact-flow-event',
    description: 'a voice contact reaches an Invoke AWS Lambda function block',
    parameters: {
      ...LOCATION,
      contact: param('text', 'contact id', '5ca32fbd-8f92-46af-92a5-6b0f970f0efe'),
      phone: param('text', 'customer phone number', '+11234567890'),
      instance: param('text', 'instance id', '11111111-2222-3333-4444-555555555555'),
    },
    build: (v, g): ConnectContactFlowEvent => {
      const instanceArn = g.arn('connect', `instance/${v.instance}`);
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
            Queue: { ARN: `${instanceArn}/queue/${g.uuid()}`, Name: 'BasicQueue' },
            MediaStreams: { Customer: { Audio: null } },
          },
          Parameters: { sentAttributeKey: 'sentAttributeValue' },
        },
      };
    },
  }),
] as const;
