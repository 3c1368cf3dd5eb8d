import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accountOfArn,
  partitionOf,
  withPseudoParameters,
} from '../../src/core/deploy/pseudoParameters';
import { layersForTarget } from '../../src/core/deploy/cloudSettings';

test('the partition and URL suffix follow the region, as in ARNs', () => {
  assert.deepEqual(
    ['eu-west-1', 'cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1'].map(
      partitionOf,
    ),
    ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b'],
  );
  assert.deepEqual(
    withPseudoParameters('${AWS::Partition}|${AWS::Region}|${AWS::URLSuffix}', {
      region: 'cn-north-1',
    }),
    { ok: true, value: 'aws-cn|cn-north-1|amazonaws.com.cn' },
  );
});

test('the account is filled in when known and said missing when not; other text is left alone', () => {
  const arn = 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:layer:x:1';
  assert.deepEqual(withPseudoParameters(arn, { region: 'eu-west-1', accountId: '123456789012' }), {
    ok: true,
    value: 'arn:aws:lambda:eu-west-1:123456789012:layer:x:1',
  });
  assert.deepEqual(withPseudoParameters(arn, { region: 'eu-west-1' }), {
    ok: false,
    missing: 'AWS::AccountId',
  });
  assert.deepEqual(withPseudoParameters('${AWS::NoSuch}', { region: 'eu-west-1' }), {
    ok: true,
    value: '${AWS::NoSuch}',
  });
  assert.equal(accountOfArn('arn:aws:iam::123456789012:role/r'), '123456789012');
  assert.equal(accountOfArn('arn:aws:lambda:us-east-1:210987654321:function:f'), '210987654321');
  assert.equal(accountOfArn('not-an-arn'), undefined);
  assert.equal(accountOfArn(undefined), undefined);
});

test('layers are filled in for the target; one that cannot be sends no layers, and says why', () => {
  const warnings: string[] = [];
  const powertools =
    'arn:aws:lambda:${AWS::Region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:3';
  assert.deepEqual(
    layersForTarget({ layers: [powertools], tracing: 'Active' }, { region: 'eu-west-1' }, warnings),
    {
      layers: ['arn:aws:lambda:eu-west-1:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:3'],
      tracing: 'Active',
    },
  );
  assert.deepEqual(warnings, []);
  const own = 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:layer:own:2';
  assert.deepEqual(
    layersForTarget(
      { layers: [powertools, own], tracing: 'Active' },
      { region: 'eu-west-1' },
      warnings,
    ),
    { tracing: 'Active' },
  );
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0]!,
    /^Layers not attached: \$\{AWS::AccountId\} in .*:layer:own:2 is not known before the function exists\. .*role ARN/,
  );
});
