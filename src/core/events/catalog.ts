// The offline event catalog: every service and event of `sam local generate-event`, plus the ones
// it lacks. The extension and the CLI call only the three functions below: list what there is
// (with each event's parameters, so a UI can prompt), describe one event, generate one.
import { partitionOf } from '../arn';
import type {
  EventDefinition,
  EventParameter,
  ParameterKind,
  ParameterValues,
} from './eventDefinition';
import { EventCatalogError } from './eventError';
import { EventGeneration, type GenerationSources } from './eventGeneration';
import { checkValue } from './parameters';
import { ALL_EVENTS } from './allEvents';

export interface EventParameterInfo {
  readonly name: string;
  readonly description: string;
  readonly default: string;
  readonly kind: ParameterKind;
  readonly choices?: readonly string[];
}

export interface CatalogEvent {
  readonly service: string;
  readonly event: string;
  readonly description: string;
  readonly parameters: readonly EventParameterInfo[];
}

export interface CatalogService {
  readonly service: string;
  readonly events: readonly CatalogEvent[];
}

const BY_SERVICE = new Map<string, Map<string, EventDefinition>>();
for (const definition of ALL_EVENTS) {
  const events = BY_SERVICE.get(definition.service) ?? new Map<string, EventDefinition>();
  if (events.has(definition.event))
    throw new Error(`duplicate catalog entry ${definition.service} ${definition.event}`);
  BY_SERVICE.set(definition.service, events.set(definition.event, definition));
}

function info(d: EventDefinition): CatalogEvent {
  const parameters = Object.entries(d.parameters).map(([name, p]: [string, EventParameter]) => ({
    name,
    ...p,
  }));
  return { service: d.service, event: d.event, description: d.description, parameters };
}

/** Every service, sorted, with its events and their parameters. */
export function listEventServices(): CatalogService[] {
  return [...BY_SERVICE.keys()].sort().map((service) => ({
    service,
    events: [...BY_SERVICE.get(service)!.values()]
      .map(info)
      .sort((a, b) => a.event.localeCompare(b.event)),
  }));
}

export function findEventDefinition(service: string, event: string): EventDefinition {
  const events = BY_SERVICE.get(service);
  if (!events)
    throw new EventCatalogError(
      `unknown service "${service}"; pass one of: ${[...BY_SERVICE.keys()].sort().join(', ')}`,
    );
  const definition = events.get(event);
  if (!definition)
    throw new EventCatalogError(
      `unknown ${service} event "${event}"; pass one of: ${[...events.keys()].sort().join(', ')}`,
    );
  return definition;
}

export function describeEvent(service: string, event: string): CatalogEvent {
  return info(findEventDefinition(service, event));
}

/**
 * The event with `values` over the defaults. Throws EventCatalogError, naming what to pass, for an
 * unknown service, event or parameter and for a value its parameter refuses.
 */
export function generateEvent(
  service: string,
  event: string,
  values: Readonly<Record<string, string>> = {},
  sources: GenerationSources = {},
): unknown {
  // Through JSON: what a user saves or sends is exactly what they see (no undefined members).
  return JSON.parse(
    JSON.stringify(buildEvent(findEventDefinition(service, event), values, sources)),
  ) as unknown;
}

/** One definition's event, typed as its build function returns it (what the type tests use). */
export function buildEvent<P extends Record<string, EventParameter>, T>(
  definition: EventDefinition<P, T>,
  values: Readonly<Record<string, string>> = {},
  sources: GenerationSources = {},
): T {
  const resolved = resolveValues(definition, values);
  const region = resolved.region ?? 'us-east-1';
  const location = {
    partition: resolved.partition ?? partitionOf(region),
    region,
    account: resolved.account ?? '123456789012',
  };
  return definition.build(resolved as ParameterValues<P>, new EventGeneration(location, sources));
}

/**
 * The problem with one value, or undefined when it is fine: for a form that checks each field as
 * it is typed (VS Code's InputBox validateInput). Cross-field checks happen in generateEvent.
 */
export function checkEventParameter(
  service: string,
  event: string,
  name: string,
  value: string,
): string | undefined {
  const parameter = Object.hasOwn(findEventDefinition(service, event).parameters, name)
    ? findEventDefinition(service, event).parameters[name]
    : undefined;
  if (!parameter) return `${service} ${event} has no parameter "${name}"`;
  try {
    checkValue(name, parameter, value);
    return undefined;
  } catch (error) {
    if (error instanceof EventCatalogError) return error.message;
    throw error;
  }
}

/** Defaults, overridden by the given values, each checked against its parameter. */
export function resolveValues(
  definition: EventDefinition,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const accepted = Object.keys(definition.parameters);
  const resolved: Record<string, string> = {};
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(definition.parameters, name)) {
      throw new EventCatalogError(
        `${definition.service} ${definition.event} has no parameter "${name}"; ${accepted.length ? `pass any of: ${accepted.join(', ')}` : 'it takes none'}`,
        name,
      );
    }
  }
  for (const [name, parameter] of Object.entries(definition.parameters)) {
    const given = Object.hasOwn(values, name) ? values[name] : undefined;
    if (given !== undefined && typeof given !== 'string')
      throw new EventCatalogError(`${name} must be a string`, name);
    const value =
      given ??
      (name === 'partition' && values.region ? partitionOf(values.region) : parameter.default);
    checkValue(name, parameter, value);
    resolved[name] = value;
  }
  const region = resolved.region;
  const partition = resolved.partition;
  if (region && partition && partitionOf(region) !== 'aws' && partitionOf(region) !== partition) {
    throw new EventCatalogError(
      `partition ${partition} does not hold region ${region}; pass partition ${partitionOf(region)} or leave it out`,
      'partition',
    );
  }
  return resolved;
}
