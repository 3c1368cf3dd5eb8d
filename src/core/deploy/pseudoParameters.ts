// CloudFormation's pseudo parameters that a deploy from here knows only once it knows its target:
// `${AWS::Region}` in a layer ARN is the most common (the Powertools layers are documented as
// `!Sub arn:aws:lambda:${AWS::Region}:094274105915:layer:…`). A template's layers keep them as
// written (intrinsics.ts, `deployTimePseudo`) until the deploy fills them in for its region and
// account; one it cannot fill in is said, never guessed.

/** The pseudo parameters filled in at deploy time, as `${AWS::…}` in a resolved value. */
export const DEPLOY_TIME_PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::Region',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::AccountId',
]);

export interface PseudoParameterTarget {
  readonly region: string;
  /** Unknown for a new function without a role ARN to read it from. */
  readonly accountId?: string;
}

/** The partition a region belongs to, as in ARNs. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

const URL_SUFFIX: Readonly<Record<string, string>> = {
  'aws-cn': 'amazonaws.com.cn',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
  'aws-eusc': 'amazonaws.eu',
};

/** The account in an ARN (`arn:aws:iam::123456789012:role/x`), if it names one. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return /^arn:[\w-]+:[\w-]+:[\w-]*:(\d{12}):/.exec(arn ?? '')?.[1];
}

export type FilledIn =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly missing: string };

/** The text with each deploy-time pseudo parameter filled in for the target. */
export function withPseudoParameters(text: string, target: PseudoParameterTarget): FilledIn {
  const partition = partitionOf(target.region);
  const values: Record<string, string | undefined> = {
    'AWS::Region': target.region,
    'AWS::Partition': partition,
    'AWS::URLSuffix': URL_SUFFIX[partition] ?? 'amazonaws.com',
    'AWS::AccountId': target.accountId,
  };
  let missing: string | undefined;
  const value = text.replace(/\$\{(AWS::\w+)\}/g, (whole, name: string) => {
    if (!DEPLOY_TIME_PSEUDO_PARAMETERS.has(name)) return whole;
    const filled = values[name];
    if (filled === undefined) missing ??= name;
    return filled ?? whole;
  });
  return missing ? { ok: false, missing } : { ok: true, value };
}
