// Compares the catalog with `sam local generate-event`'s own templates, structurally: each SAM
// template rendered with the defaults of its event-mapping.json, then key paths and types set side
// by side with the catalog's event generated with its defaults. Not shipped; run by hand against a
// checkout of aws-sam-cli (Apache-2.0):
//
//   node --import tsx test/support/compareSamEvents.ts <aws-sam-cli>/samcli/lib/generated_sample_events [--fixture]
//
// It prints, per SAM event, what SAM has that the catalog lacks (-) and what only the catalog has
// (+, with --all), then the count of events with the same shape; --maps compares maps whose keys
// are data (headers, slots …) by what they hold, not by their keys. --fixture prints instead the shapes of the
// events the unit test pins (test/fixtures/sam-event-shapes.json): key paths and types only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEvent } from '../../src/core/events/catalog';
import { compareShapes, MAP_MEMBERS, shapeOf } from './eventShapes';
import { PINNED_SAM_EVENTS } from './samEventsPinned';

interface SamTag {
  readonly default?: unknown;
  readonly type?: string;
}
interface SamEvent {
  readonly filename: string;
  readonly tags?: Record<string, SamTag>;
}
type SamMapping = Record<string, Record<string, SamEvent>>;

const PLACEHOLDER = /\{\{\{?\s*([\w-]+)\s*\}?\}\}/g;

/**
 * SAM loads each template as JSON and renders the mustache placeholders inside its strings, so
 * the types are the template's own; a tag of type dict replaces its whole string with an object.
 */
function render(template: unknown, tags: Record<string, SamTag>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{\{?\s*([\w-]+)\s*\}?\}\}$/.exec(template);
    if (whole && tags[whole[1]!]?.type === 'dict')
      return JSON.parse(String(tags[whole[1]!]!.default)) as unknown;
    return template.replace(PLACEHOLDER, (_, name: string) => String(tags[name]?.default ?? ''));
  }
  if (Array.isArray(template)) return template.map((t) => render(t, tags));
  if (template !== null && typeof template === 'object')
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, render(v, tags)]));
  return template;
}

function samEvents(dir: string): { service: string; event: string; body: unknown }[] {
  const mapping = JSON.parse(readFileSync(join(dir, 'event-mapping.json'), 'utf8')) as SamMapping;
  return Object.entries(mapping).flatMap(([service, events]) =>
    Object.entries(events).map(([event, e]) => ({
      service,
      event,
      body: render(
        JSON.parse(readFileSync(join(dir, 'events', service, `${e.filename}.json`), 'utf8')),
        e.tags ?? {},
      ),
    })),
  );
}

function main(): void {
  const [dir, flag] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write(
      'pass the folder samcli/lib/generated_sample_events of an aws-sam-cli checkout\n',
    );
    process.exitCode = 2;
    return;
  }
  const events = samEvents(dir);
  if (flag === '--fixture') {
    const pinned = Object.fromEntries(
      events
        .filter((e) => PINNED_SAM_EVENTS.includes(`${e.service} ${e.event}`))
        .map((e) => [`${e.service} ${e.event}`, shapeOf(e.body, MAP_MEMBERS)]),
    );
    const source = `aws/aws-sam-cli ${process.env.SAM_COMMIT ?? '(commit not given: set SAM_COMMIT)'}, samcli/lib/generated_sample_events, rendered with event-mapping.json's defaults`;
    const fixture = {
      source,
      licence:
        "aws-sam-cli is Apache-2.0; these are its templates' key paths and JSON types only, no values; keys of maps (headers, slots …) read *",
      events: pinned,
    };
    process.stdout.write(`${JSON.stringify(fixture, null, 1)}\n`);
    return;
  }
  const maps = process.argv.includes('--maps') ? MAP_MEMBERS : new Set<string>();
  let same = 0;
  let covering = 0;
  for (const e of events) {
    const ours = shapeOf(generateEvent(e.service, e.event), maps);
    const { missing, extra } = compareShapes(ours, shapeOf(e.body, maps));
    if (missing.length === 0) covering += 1;
    if (missing.length === 0 && extra.length === 0) {
      same += 1;
      continue;
    }
    process.stdout.write(
      `\n${e.service} ${e.event}: ${missing.length} only in SAM, ${extra.length} only here\n`,
    );
    for (const l of missing) process.stdout.write(`  - ${l}\n`);
    if (process.argv.includes('--all')) for (const l of extra) process.stdout.write(`  + ${l}\n`);
  }
  process.stdout.write(
    `\n${same} of ${events.length} with the same key paths and types\n${covering} of ${events.length} with every key path and type SAM's has\n`,
  );
}

main();
