// The catalog's events against `sam local generate-event`'s templates, structurally and offline:
// each pinned event has every key path and JSON type of SAM's (more is fine: real events carry
// fields SAM's templates lack), except the differences listed here, each on purpose and said so
// in the event's description. SAM's shapes are in test/fixtures/sam-event-shapes.json (made by
// test/support/compareSamEvents.ts --fixture from an aws-sam-cli checkout).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeEvent, generateEvent } from '../../src/core/events/catalog';
import { compareShapes, MAP_MEMBERS, shapeOf } from '../support/eventShapes';
import { PINNED_SAM_EVENTS } from '../support/samEventsPinned';

const SAM = (
  JSON.parse(
    readFileSync(new URL('../fixtures/sam-event-shapes.json', import.meta.url), 'utf8'),
  ) as { events: Record<string, string[]> }
).events;

interface Explained {
  readonly lines: readonly string[];
  readonly why: string;
}

/** Lines of SAM's shape that the catalog leaves out on purpose, per event. */
const EXPLAINED: Record<string, Explained> = {
  ...Object.fromEntries(
    [
      ['smart-home-control-turn-off-request', true],
      ['smart-home-control-turn-on-request', true],
      ['smart-home-discovery-request', false],
    ].map(([event, appliance]) => [
      `alexa-smart-home ${String(event)}`,
      {
        lines: [
          '$.header.messageId: string',
          '$.header.name: string',
          '$.header.namespace: string',
          '$.header.payloadVersion: string',
          '$.header: object',
          '$.payload.accessToken: string',
          ...(appliance
            ? [
                '$.payload.appliance.additionalApplianceDetails: object',
                '$.payload.appliance.applianceId: string',
                '$.payload.appliance: object',
              ]
            : []),
          '$.payload: object',
        ],
        why: "SAM's template is a Smart Home payload version 2 message; Alexa sends version 3 directives",
      },
    ]),
  ),
  'batch get-job': {
    lines: ['$.jobDefinition: string', '$.jobName: string', '$.jobQueue: string'],
    why: "SAM's get-job template carries SubmitJob's fields: looking a job up takes its id",
  },
  'batch submit-job': {
    lines: ['$.jobId: string'],
    why: "SAM's submit-job template carries the job id that get-job needs",
  },
  'kinesis streams-as-source': {
    lines: ['$.deliverySteamArn: string'],
    why: 'Firehose sends deliveryStreamArn; SAM\'s template misspells it "deliverySteamArn"',
  },
  'kinesis syslog': {
    lines: ['$.records[].approximateArrivalTimestamp: string'],
    why: "Firehose sends approximateArrivalTimestamp as epoch milliseconds, a number; SAM's template has a string",
  },
  'lex book-car': {
    lines: ['$.currentIntent.slots.*: number'],
    why: "Lex V1 sends every slot value as a string; SAM's template has DriverAge as a number",
  },
  'lex book-hotel': {
    lines: ['$.currentIntent.slots.*: number'],
    why: "Lex V1 sends every slot value as a string; SAM's template has Nights as a number",
  },
  'connect contact-flow-event': {
    lines: ['$.Details.ContactData.Queue: null'],
    why: "the catalog's contact is in a queue, as the Lambda guide's example; SAM's is not queued yet (both are what Connect sends)",
  },
  ...Object.fromEntries(
    ['book-car', 'book-hotel'].map((event) => [
      `lex-v2 ${event}`,
      {
        lines: [
          '$.interpretations[].intent.slots.*: null',
          '$.proposedNextState.intent.slots.*: null',
          '$.sessionState.intent.slots.*: null',
          '$.proposedNextState.dialogAction.slotToElicit: string',
        ],
        why: "the catalog's turn has every slot filled; SAM's is the first turn, slots empty and one elicited",
      },
    ]),
  ),
};

test('the fixture holds every pinned SAM event', () => {
  assert.deepEqual(Object.keys(SAM).sort(), [...PINNED_SAM_EVENTS].sort());
});

for (const name of PINNED_SAM_EVENTS) {
  test(`${name} has SAM's key paths and types, but for the differences it explains`, () => {
    const [service, event] = name.split(' ') as [string, string];
    const { missing } = compareShapes(
      shapeOf(generateEvent(service, event), MAP_MEMBERS),
      SAM[name]!,
    );
    const explained = EXPLAINED[name];
    assert.deepEqual(
      missing.filter((l) => !explained?.lines.includes(l)),
      [],
      `${name} lacks what SAM has`,
    );
    if (explained) {
      // An explanation stays only while its difference does; the description says why, with a source.
      assert.deepEqual(
        explained.lines.filter((l) => !missing.includes(l)),
        [],
        `${name}: these explained differences are gone, drop them`,
      );
      assert.match(
        describeEvent(service, event).description,
        // Alexa's own pages are Amazon's developer documentation, not AWS's.
        /https:\/\/(docs\.aws\.amazon\.com|developer\.amazon\.com)\//,
        `${name} says why it differs (${explained.why}), with its source`,
      );
    }
  });
}
