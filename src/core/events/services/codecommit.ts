// AWS CodeCommit repository trigger.
import type { CodeCommitTriggerEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { LOCATION, param } from '../parameters';

export const CODECOMMIT_EVENTS = [
  defineEvent({
    service: 'codecommit',
    event: 'repository',
    description: 'a push to a branch fires a repository trigger',
    parameters: {
      ...LOCATION,
      repository: param('resourceName', 'repository name', 'my-repo'),
      trigger: param('text', 'trigger name', 'my-trigger'),
      branch: param('text', 'branch', 'main'),
      customData: param('text', 'custom data of the trigger', 'this is custom data'),
    },
    build: (v, g): CodeCommitTriggerEvent => ({
      Records: [
        {
          awsRegion: v.region,
          codecommit: { references: [{ commit: g.hex(40), ref: `refs/heads/${v.branch}` }] },
          customData: v.customData,
          eventId: g.uuid(),
          eventName: 'TriggerEventTest',
          eventPartNumber: 1,
          eventSource: 'aws:codecommit',
          eventSourceARN: g.arn('codecommit', v.repository),
          eventTime: g.isoMillis().replace('Z', '+0000'),
          eventTotalParts: 1,
          eventTriggerConfigId: g.uuid(),
          eventTriggerName: v.trigger,
          eventVersion: '1.0',
          userIdentityARN: g.arn('iam', 'user/developer', { region: '' }),
        },
      ],
    }),
  }),
] as const;
