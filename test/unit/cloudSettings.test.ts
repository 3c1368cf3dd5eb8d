import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  cloudSettingChanges,
  cloudSettingsRequest,
  withoutLayers,
} from '../../src/core/deploy/cloudSettings';

const LAYER = 'arn:aws:lambda:us-east-1:123456789012:layer:shared:1';

test('cloud settings: only those the template gives and that differ from the live function are sent', () => {
  const live = {
    Layers: [{ Arn: LAYER }],
    TracingConfig: { Mode: 'PassThrough' },
    VpcConfig: {
      SubnetIds: ['subnet-b', 'subnet-a'],
      SecurityGroupIds: ['sg-1'],
      VpcId: 'vpc-1',
      Ipv6AllowedForDualStack: false,
    },
  };
  assert.deepEqual(cloudSettingChanges({}, live), { changed: [], update: {} });
  // Subnet order does not matter, layer order does (later layers override earlier ones' files).
  assert.deepEqual(
    cloudSettingChanges(
      {
        layers: [LAYER],
        tracing: 'PassThrough',
        vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-1'] },
      },
      live,
    ).changed,
    [],
  );
  const wanted = {
    layers: [`${LAYER.slice(0, -1)}2`],
    tracing: 'Active' as const,
    deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:q',
    kmsKeyArn: '',
  };
  const { changed, update } = cloudSettingChanges(wanted, live);
  assert.deepEqual(changed, ['layers', 'tracing', 'deadLetterTargetArn']);
  assert.deepEqual(cloudSettingsRequest(update), {
    Layers: [`${LAYER.slice(0, -1)}2`],
    TracingConfig: { Mode: 'Active' },
    DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:q' },
  });
  // An empty layer list removes the live layers.
  assert.deepEqual(cloudSettingChanges({ layers: [] }, live).changed, ['layers']);
  assert.deepEqual(withoutLayers({ layers: [LAYER], tracing: 'Active' }), { tracing: 'Active' });
});
