// AWS Config custom rules: change-triggered (normal and oversized item) and periodic evaluations.
// `invokingEvent` is a JSON string, as Config sends it.
import { defineEvent } from '../eventDefinition';
import type { EventGeneration } from '../eventGeneration';
import { LOCATION, param } from '../parameters';

const RULE = {
  ...LOCATION,
  rule: param('resourceName', 'Config rule name', 'example-rule'),
  instance: param('text', 'EC2 instance id the item describes', 'i-0123456789abcdef0'),
};

function evaluation(
  v: { account: string; rule: string },
  g: EventGeneration,
  invokingEvent: object,
) {
  return {
    version: '1.0',
    invokingEvent: JSON.stringify(invokingEvent),
    ruleParameters: '{}',
    resultToken: g.randomBase64(96),
    eventLeftScope: false,
    executionRoleArn: g.arn('iam', 'role/config-role', { region: '' }),
    configRuleArn: g.arn('config', `config-rule/config-rule-${g.alphanumeric(6).toLowerCase()}`),
    configRuleName: v.rule,
    configRuleId: `config-rule-${g.alphanumeric(6).toLowerCase()}`,
    accountId: v.account,
  };
}

function item(v: { account: string; region: string; instance: string }, g: EventGeneration) {
  return {
    configurationItemCaptureTime: g.isoMillis(),
    awsAccountId: v.account,
    configurationItemStatus: 'OK',
    resourceId: v.instance,
    ARN: g.arn('ec2', `instance/${v.instance}`),
    awsRegion: v.region,
    availabilityZone: `${v.region}a`,
    resourceType: 'AWS::EC2::Instance',
    tags: { Name: 'example' },
    relationships: [],
    configuration: { instanceId: v.instance, instanceType: 't3.micro', state: { name: 'running' } },
  };
}

export const CONFIG_EVENTS = [
  defineEvent({
    service: 'config',
    event: 'item-change-notification',
    description: 'a configuration change triggers a rule',
    parameters: RULE,
    build: (v, g) =>
      evaluation(v, g, {
        configurationItem: item(v, g),
        notificationCreationTime: g.isoMillis(),
        messageType: 'ConfigurationItemChangeNotification',
        recordVersion: '1.3',
      }),
  }),
  defineEvent({
    service: 'config',
    event: 'oversized-item-change-notification',
    description: 'a change whose item is too large to inline',
    parameters: RULE,
    build: (v, g) =>
      evaluation(v, g, {
        configurationItemSummary: {
          changeType: 'UPDATE',
          configurationItemVersion: '1.3',
          configurationItemCaptureTime: g.isoMillis(),
          configurationStateId: g.epochMillis(),
          awsAccountId: v.account,
          configurationItemStatus: 'OK',
          resourceType: 'AWS::EC2::Instance',
          resourceId: v.instance,
          ARN: g.arn('ec2', `instance/${v.instance}`),
          awsRegion: v.region,
          availabilityZone: `${v.region}a`,
        },
        messageType: 'OversizedConfigurationItemChangeNotification',
        notificationCreationTime: g.isoMillis(),
        recordVersion: '1.0',
      }),
  }),
  defineEvent({
    service: 'config',
    event: 'periodic-rule',
    description: 'a periodic rule evaluation',
    parameters: RULE,
    build: (v, g) =>
      evaluation(v, g, {
        awsAccountId: v.account,
        notificationCreationTime: g.isoMillis(),
        messageType: 'ScheduledNotification',
        recordVersion: '1.0',
      }),
  }),
];
