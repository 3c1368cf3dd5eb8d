// Settings of CreateFunction and UpdateFunctionConfiguration for features the endpoint does not
// run: Layers, CodeSigningConfigArn and SnapStart. None is dropped silently. A value AWS itself
// refuses gets AWS's answer first; then a layer or a code signing config (none can exist here:
// PublishLayerVersion and CreateCodeSigningConfig are refused) is refused saying so and what to do;
// SnapStart is stored and read back, its OptimizationStatus Off (nothing is snapshotted here).
// Recorded answers: LocalStack's AWS-validated snapshot tests/aws/services/lambda_/
// test_lambda_api.snapshot.json (keys named below).
import { enumValue, fail } from '../../core/apiProblem';
import { isJsonObject } from '../../core/jsonObject';
import { supportsSnapStart } from '../../core/runtimes';
import {
  CODE_SIGNING,
  LAYER_FILES_INSTEAD,
  LAYERS,
  notRunLocally,
  notRunLocallyText,
} from './absentFeatureChanges';

/** AWS's pattern for a layer version ARN (add_layer_arn_without_version_exc). */
const LAYER_ARN_PATTERN = String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`;
const LAYER_ARN = new RegExp(`^(?:${LAYER_ARN_PATTERN})$`);
const MAX_LAYERS = 5;

interface LayerArn {
  readonly arn: string;
  readonly region: string;
  readonly account: string;
  readonly unversioned: string;
}

function parseLayer(arn: string): LayerArn {
  const parts = arn.split(':');
  return {
    arn,
    region: parts[3] ?? '',
    account: parts[4] ?? '',
    unversioned: parts.slice(0, -1).join(':'),
  };
}

/**
 * Layers: accepted only when there are none. Checked in the order that gives AWS's answer for
 * anything AWS refuses too: the ARNs' form, their number, their region, two versions of one layer.
 */
export function checkLayers(value: unknown, region: string, account: string): void {
  if (value === undefined || value === null) return;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return;
  if (list.some((arn) => typeof arn !== 'string' || arn.length > 2048 || !LAYER_ARN.test(arn))) {
    fail(
      'ValidationException',
      `1 validation error detected: Value '[${list.map(String).join(', ')}]' at 'layers' failed to satisfy constraint: ` +
        `Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${LAYER_ARN_PATTERN}, Member must not be null]`,
    );
  }
  // create_function_with_six_layers
  if (list.length > MAX_LAYERS)
    fail('InvalidParameterValueException', `Cannot reference more than ${MAX_LAYERS} layers.`);
  const layers = (list as string[]).map(parseLayer);
  // create_function_with_layer_in_different_region (AWS's own layers, arn:…:lambda:::awslayer:…, have no region)
  if (layers.some((layer) => layer.region !== '' && layer.region !== region)) {
    fail(
      'InvalidParameterValueException',
      `Layers are not in the same region as the function. Layers are expected to be in region ${region}.`,
    );
  }
  // two_layer_versions_single_function_exc, two_identical_layer_versions_single_function_exc: the first pair.
  const seen = new Map<string, string>();
  for (const layer of layers) {
    const earlier = seen.get(layer.unversioned);
    if (earlier !== undefined) {
      fail(
        'InvalidParameterValueException',
        `Two different versions of the same layer are not allowed to be referenced in the same function. ${earlier} and ${layer.arn} are versions of the same layer.`,
      );
    }
    seen.set(layer.unversioned, layer.arn);
  }
  const instead = `${LAYER_FILES_INSTEAD}, or leave Layers out here and deploy the function with its layers to AWS.`;
  // add_nonexistent_layer_exc: a layer of this account would be here, and none is.
  const own = layers.find((layer) => layer.account === account);
  if (own)
    fail(
      'InvalidParameterValueException',
      `Layer version ${own.arn} does not exist. ${notRunLocallyText(LAYERS, instead)}`,
    );
  notRunLocally(
    `${LAYERS} (${layers.map((layer) => layer.arn).join(', ')} cannot be fetched)`,
    instead,
  );
}

/** CodeSigningConfigArn: no configuration exists here (put_function_csc_invalid_csc_arn's answer). */
export function checkCodeSigningConfigArn(value: unknown): void {
  if (value === undefined || value === null) return;
  fail(
    'CodeSigningConfigNotFoundException',
    `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${String(value)}. ` +
      notRunLocallyText(
        CODE_SIGNING,
        'Leave CodeSigningConfigArn out to create the function here; deploys to AWS are checked against it.',
      ),
    404,
  );
}

/** AWS's order, as its enum message lists them. */
const SNAP_START_APPLY_ON = ['PublishedVersions', 'None'] as const;
export type SnapStartApplyOn = (typeof SNAP_START_APPLY_ON)[number];

/**
 * SnapStart's ApplyOn: the new one, or `current` when the request has none. Refused as AWS does:
 * a value outside the enum (create_function_invalid_snapstart_apply), a runtime without SnapStart.
 */
export function snapStartSetting(
  value: unknown,
  runtime: string,
  current: SnapStartApplyOn = 'None',
): SnapStartApplyOn {
  let applyOn = current;
  if (value !== undefined && value !== null) {
    const given = isJsonObject(value) ? value.ApplyOn : value;
    applyOn = enumValue(given, 'snapStart.applyOn', SNAP_START_APPLY_ON);
  }
  if (applyOn === 'PublishedVersions' && !supportsSnapStart(runtime)) {
    fail(
      'InvalidParameterValueException',
      `${runtime} is not supported for SnapStart enabled functions.`,
    );
  }
  return applyOn;
}
