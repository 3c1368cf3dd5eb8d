// Random and adversarial inputs for the endpoint's fuzz test, all drawn from one seeded generator
// so that a seed reproduces a run: requests for every Lambda route and Logs operation (plausible
// fields with hostile values), zips (honest, clashing, lying, deep, numerous, corrupted), filter
// patterns, names and strings that break naive code.
import { seededRandom } from './seededRandom';
import { rawZip, type RawEntry } from './rawZip';

export const HANDLER_SOURCE = 'exports.handler = async (event) => ({ ok: true, event });\n';

export class Chance {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }
  float(): number {
    return this.next();
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}

const NASTY = [
  '',
  ' ',
  'a',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '"',
  "'",
  '\\',
  '%',
  '%zz',
  '%00',
  '..',
  '../..',
  '/',
  '//',
  '.',
  '$LATEST',
  '$latest',
  ':',
  '::',
  'arn:',
  '*',
  '?',
  '#',
  '&',
  '=',
  '+',
  '\u0000',
  '\n',
  '\r\n',
  '\t',
  'é',
  '💥',
  '\u202e',
  '\ud800',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  '<script>',
  '${x}',
  '%s%s%s',
  'A'.repeat(64),
  'A'.repeat(65),
  'arn:aws:lambda:us-east-1:123456789012:function:fuzz-base',
  'arn:aws:lambda:us-east-1:123456789012:function:fuzz-base:$LATEST',
  'arn:aws:lambda:us-east-1:123456789012:function:fuzz-base:1',
  'fuzz-base:live',
  'fuzz-base',
  'fuzz-missing',
];

export function nastyString(c: Chance): string {
  switch (c.int(6)) {
    case 0:
      return c.pick(NASTY) + c.pick(NASTY);
    case 1:
      return c.pick(NASTY).repeat(c.between(1, 2000));
    case 2:
      return c.bytes(c.between(0, 64)).toString('latin1');
    case 3:
      return String.fromCodePoint(
        ...Array.from({ length: c.between(1, 20) }, () => c.int(0x10ffff + 1)).filter(
          (p) => p < 0xd800 || p > 0xdfff,
        ),
      );
    default:
      return c.pick(NASTY);
  }
}

export function randomJson(c: Chance, depth = 0): unknown {
  const kind = c.int(depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return c.chance(0.5);
    case 2:
      return c.pick([
        0,
        -1,
        1,
        1.5,
        2 ** 31,
        2 ** 53 + 1,
        -(2 ** 63),
        1e308,
        -0,
        128,
        900,
        10_240,
        3,
        50,
      ]);
    case 3:
    case 4:
      return nastyString(c);
    case 5:
      return Array.from({ length: c.int(5) }, () => randomJson(c, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: c.int(5) }, () => [
          c.chance(0.5) ? c.pick(FIELDS) : nastyString(c),
          randomJson(c, depth + 1),
        ]),
      );
  }
}

const FIELDS = [
  'FunctionName',
  'Runtime',
  'Handler',
  'Role',
  'Code',
  'ZipFile',
  'MemorySize',
  'Timeout',
  'Environment',
  'Variables',
  'Tags',
  'Description',
  'Publish',
  'DryRun',
  'RevisionId',
  'Architectures',
  'EphemeralStorage',
  'Size',
  'LoggingConfig',
  'LogFormat',
  'ApplicationLogLevel',
  'SystemLogLevel',
  'LogGroup',
  'Name',
  'FunctionVersion',
  'RoutingConfig',
  'AdditionalVersionWeights',
  'ReservedConcurrentExecutions',
  'PackageType',
  'Layers',
  'S3Bucket',
  'CodeSha256',
  'SnapStart',
  'ApplyOn',
  'CodeSigningConfigArn',
  'VpcConfig',
  'SubnetIds',
  'SecurityGroupIds',
  'DeadLetterConfig',
  'TargetArn',
  'KMSKeyArn',
  'FileSystemConfigs',
  'TracingConfig',
  'Mode',
  'logGroupName',
  'logStreamName',
  'logEvents',
  'timestamp',
  'message',
  'filterPattern',
  'startTime',
  'endTime',
  'limit',
  'nextToken',
  'logStreamNames',
  'logStreamNamePrefix',
  'logGroupNamePrefix',
  'logGroupNamePattern',
  'retentionInDays',
  'orderBy',
  'descending',
  'startFromHead',
  'interleaved',
  'unmask',
];

/** A plausible value for a known field, or a hostile one. */
function fieldValue(c: Chance, field: string): unknown {
  if (c.chance(0.35)) return randomJson(c);
  switch (field) {
    case 'FunctionName':
    case 'Name':
      return c.chance(0.5) ? `fuzz-${c.int(20)}` : nastyString(c);
    case 'Runtime':
      return c.pick([
        'nodejs20.x',
        'nodejs22.x',
        'python3.12',
        'provided.al2023',
        'java21',
        'nodejs12.x',
        'nodejs',
        '',
      ]);
    case 'Handler':
      return c.pick(['index.handler', 'a.b', 'index', '', 'x'.repeat(200), '../index.handler']);
    case 'Role':
      return c.pick(['arn:aws:iam::123456789012:role/fuzz', 'arn:aws:iam::1:role/x', 'role']);
    case 'MemorySize':
      return c.pick([128, 127, 10_240, 10_241, 0, -5, 1.5, 512]);
    case 'Timeout':
      return c.pick([1, 0, 900, 901, 3, 2.5]);
    case 'Environment':
      return { Variables: c.chance(0.5) ? { A: 'b', KEY_2: nastyString(c) } : randomJson(c) };
    case 'Tags':
      return c.chance(0.5) ? { [nastyString(c)]: nastyString(c), team: 'fuzz' } : randomJson(c);
    case 'Architectures':
      return c.pick([['x86_64'], ['arm64'], ['x86_64', 'arm64'], [], ['mips']]);
    case 'EphemeralStorage':
      return { Size: c.pick([512, 511, 10_240, 10_241, '512']) };
    case 'LoggingConfig':
      return {
        LogFormat: c.pick(['Text', 'JSON', 'XML']),
        ...(c.chance(0.5) ? { ApplicationLogLevel: c.pick(['INFO', 'LOUD']) } : {}),
      };
    case 'FunctionVersion':
      return c.pick(['$LATEST', '1', '2', '99', 'x']);
    case 'RoutingConfig':
      return {
        AdditionalVersionWeights: c.chance(0.5) ? { 1: c.pick([0.5, 1.5, -1, 0]) } : randomJson(c),
      };
    case 'Layers': {
      const layer = (account: string, version: number | string) =>
        `arn:aws:lambda:us-east-1:${account}:layer:fuzz-${c.int(3)}:${version}`;
      return c.pick([
        [],
        [layer('123456789012', 1)],
        [layer('580247275435', 2)],
        [layer('580247275435', 1), layer('580247275435', 2)],
        Array.from({ length: 6 }, (_, i) => layer('1', i)),
        [layer('1', 'x')],
        [nastyString(c)],
        nastyString(c),
      ]);
    }
    case 'SnapStart':
      return c.chance(0.7)
        ? { ApplyOn: c.pick(['None', 'PublishedVersions', 'Always', '', null]) }
        : nastyString(c);
    case 'CodeSigningConfigArn':
      return c.pick([
        'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0',
        nastyString(c),
        null,
      ]);
    case 'VpcConfig':
      return c.chance(0.7)
        ? {
            SubnetIds: c.pick([
              [],
              ['subnet-0a1b'],
              ['bad-1'],
              Array.from({ length: 17 }, (_, i) => `subnet-${i}`),
              nastyString(c),
            ]),
            SecurityGroupIds: c.pick([[], ['sg-1'], ['x'], null]),
            Ipv6AllowedForDualStack: c.pick([true, false, 'yes', undefined]),
          }
        : nastyString(c);
    case 'DeadLetterConfig':
      return c.chance(0.7)
        ? {
            TargetArn: c.pick([
              'arn:aws:sqs:us-east-1:123456789012:q',
              'arn:aws:sns:us-east-1:123456789012:t',
              'arn:aws:s3:::b',
              '',
              nastyString(c),
            ]),
          }
        : nastyString(c);
    case 'KMSKeyArn':
      return c.pick(['arn:aws:kms:us-east-1:123456789012:key/k', '', nastyString(c), 7]);
    case 'FileSystemConfigs':
      return c.pick([
        [],
        [
          {
            Arn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0',
            LocalMountPath: c.pick(['/mnt/x', '/x', nastyString(c)]),
          },
        ],
        [{}, {}],
        nastyString(c),
      ]);
    case 'TracingConfig':
      return c.chance(0.7)
        ? { Mode: c.pick(['Active', 'PassThrough', 'On', '', null]) }
        : nastyString(c);
    case 'ReservedConcurrentExecutions':
      return c.pick([0, 1, 5, 900, 1000, -1, 1.5]);
    case 'logGroupName':
      return c.chance(0.6)
        ? c.pick(['/fuzz/group', '/aws/lambda/fuzz-base', `/fuzz/g${c.int(10)}`])
        : nastyString(c);
    case 'logStreamName':
      return c.chance(0.6) ? c.pick(['s1', 's2', `s${c.int(10)}`]) : nastyString(c);
    case 'logEvents':
      return Array.from({ length: c.int(6) }, () => ({
        timestamp: c.chance(0.8) ? Date.now() - c.int(100_000) : randomJson(c),
        message: c.chance(0.8) ? nastyString(c) : randomJson(c),
      }));
    case 'filterPattern':
      return filterPattern(c);
    case 'startTime':
    case 'endTime':
      return c.pick([0, Date.now(), -1, 2 ** 62, Date.now() - 3600_000]);
    case 'limit':
      return c.pick([1, 0, 50, 10_000, 10_001, -1]);
    case 'nextToken':
      return c.chance(0.5)
        ? Buffer.from(JSON.stringify(randomJson(c))).toString('base64url')
        : nastyString(c);
    case 'retentionInDays':
      return c.pick([1, 3, 5, 2, 30, 0, 3653]);
    default:
      return randomJson(c);
  }
}

export function randomBody(c: Chance): string {
  switch (c.int(12)) {
    case 0:
      return '';
    case 1:
      return nastyString(c);
    case 2:
      return '['.repeat(c.between(1, 50_000));
    case 3:
      return JSON.stringify(randomJson(c));
    default: {
      const body: Record<string, unknown> = {};
      for (let i = c.int(8); i >= 0; i--) {
        const field = c.pick(FIELDS);
        body[field] = fieldValue(c, field);
      }
      if (c.chance(0.15))
        body.ZipFile = c.chance(0.5) ? nastyString(c) : randomZip(c).toString('base64');
      if (c.chance(0.1)) body.Code = { ZipFile: randomZip(c).toString('base64') };
      return JSON.stringify(body);
    }
  }
}

const PATTERN_TOKENS = [
  'ERROR',
  'REPORT',
  'RequestId',
  '"Task timed out"',
  '"',
  '?',
  '-',
  '[',
  ']',
  '{',
  '}',
  '$.',
  '$.level',
  '$.a.b[0]',
  '=',
  '!=',
  '>',
  '<',
  '>=',
  '&&',
  '||',
  '(',
  ')',
  '*',
  '%a.*b%',
  '%',
  '1',
  '1.5',
  '-3',
  'é',
  '💥',
  '\\',
  ',',
  '...',
  'IS NULL',
  'NOT EXISTS',
  'true',
  'false',
  'w1',
  '"quoted phrase"',
  'x=',
  '=*',
  '$',
  '.',
  ':',
  '\t',
  ' ',
  '  ',
];

export function filterPattern(c: Chance): string {
  if (c.chance(0.1)) return nastyString(c);
  const tokens = Array.from({ length: c.between(1, 12) }, () => c.pick(PATTERN_TOKENS));
  if (c.chance(0.1)) return tokens.join('').repeat(c.between(1, 300));
  return tokens.join(c.chance(0.7) ? ' ' : '');
}

/** A zip: honest, or with one or more of the faults a hostile package has. */
export function randomZip(c: Chance): Buffer {
  const entries: RawEntry[] = [{ name: 'index.js', data: HANDLER_SOURCE }];
  for (let i = c.int(4); i > 0; i--)
    entries.push({ name: `lib/f${i}.js`, data: `module.exports = ${i};\n`, stored: c.chance(0.3) });
  const faults = c.chance(0.25) ? 0 : c.between(1, 3);
  for (let f = 0; f < faults; f++) {
    switch (c.int(14)) {
      case 0:
        entries.push({ name: 'lib/f1.js', data: 'again' });
        break;
      case 1:
        entries.push({ name: 'index.js/x', data: 'under a file' });
        break;
      case 2:
        entries.push({ name: 'lib', data: 'a file named like a folder' });
        break;
      case 3:
        entries.push({
          name: 'big.bin',
          data: 'short',
          declaredSize: c.pick([6, 5_000, 2 ** 31, 2 ** 32 - 1]),
        });
        break;
      case 4:
        entries.push({
          name: 'bomb.bin',
          data: Buffer.alloc(c.between(1_000, 3_000_000)),
          declaredSize: c.int(100),
        });
        break;
      case 5:
        entries.push({ name: 'crc.bin', data: 'content', declaredCrc: c.int(2 ** 32) });
        break;
      case 6:
        entries.push({ name: `${'d/'.repeat(c.between(10, 3_000))}deep.js`, data: 'deep' });
        break;
      case 7:
        for (let i = c.between(100, c.chance(0.2) ? 20_000 : 2_000); i > 0; i--)
          entries.push({ name: `many/${i}`, data: '' });
        break;
      case 8:
        entries.push({
          name: c.pick([
            '../up.js',
            '/abs.js',
            'a/../../up.js',
            'C:/win.js',
            'a\\..\\..\\up.js',
            'nul\0.js',
            `${'n'.repeat(300)}.js`,
            '.',
            './',
          ]),
          data: 'x',
        });
        break;
      // A zip name's length is 16 bits: a longer one could not be written at all.
      case 9:
        entries.push({ name: (nastyString(c) || 'empty').slice(0, 4_000), data: nastyString(c) });
        break;
      case 10:
        entries.push({
          name: 'stored.bin',
          data: 'twelve bytes',
          stored: true,
          declaredSize: c.int(30),
        });
        break;
      case 11:
        entries.push({ name: 'bootstrap', data: '#!/bin/sh\necho hi\n', mode: 0o100755 });
        break;
      default:
        break; // corrupted below
    }
  }
  let zip = rawZip(entries);
  if (faults > 0 && c.chance(0.3)) {
    zip = Buffer.from(zip);
    for (let i = c.between(1, 8); i > 0; i--) zip[c.int(zip.length)] = c.int(256);
  }
  if (faults > 0 && c.chance(0.1)) zip = zip.subarray(0, c.int(zip.length));
  if (c.chance(0.03)) zip = c.bytes(c.between(0, 4_000));
  return zip;
}
