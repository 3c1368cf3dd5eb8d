// Amazon DynamoDB Streams: INSERT, MODIFY and REMOVE records; items are given as plain JSON and
// marshalled into DynamoDB's attribute values.
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import type { EventGeneration } from '../eventGeneration';
import { EventCatalogError } from '../eventError';
import { LOCATION, param } from '../parameters';

type Change = 'INSERT' | 'MODIFY' | 'REMOVE';
type Item = Record<string, AttributeValue>;

const TABLE = {
  ...LOCATION,
  table: param('resourceName', 'table name', 'ExampleTableWithStream'),
  keyName: param('text', 'partition key attribute name', 'Id'),
};
const NEW_ITEM = param(
  'jsonObject',
  'the item after the change, as plain JSON',
  '{"Id":101,"Message":"New item!"}',
);
const OLD_ITEM = param(
  'jsonObject',
  'the item before the change, as plain JSON',
  '{"Id":101,"Message":"Old item"}',
);

/** Plain JSON → DynamoDB attribute value (numbers become N strings, as DynamoDB sends them). */
export function marshall(value: unknown): AttributeValue {
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(marshall) };
  return { M: marshallItem(value as Record<string, unknown>) };
}

function marshallItem(item: Record<string, unknown>): Item {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, marshall(v)]));
}

function record(
  change: Change,
  v: { table: string; region: string; keyName: string },
  g: EventGeneration,
  oldJson?: string,
  newJson?: string,
): DynamoDBRecord {
  const oldItem =
    oldJson === undefined
      ? undefined
      : marshallItem(JSON.parse(oldJson) as Record<string, unknown>);
  const newItem =
    newJson === undefined
      ? undefined
      : marshallItem(JSON.parse(newJson) as Record<string, unknown>);
  const key = (newItem ?? oldItem)?.[v.keyName];
  if (!key)
    throw new EventCatalogError(
      `the item has no "${v.keyName}" attribute; pass keyName with its partition key attribute or add it to the item`,
      'keyName',
    );
  const size = JSON.stringify([oldItem, newItem]).length;
  return {
    eventID: g.hex(32),
    eventName: change,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: v.region,
    dynamodb: {
      ApproximateCreationDateTime: g.epochSeconds(),
      Keys: { [v.keyName]: key },
      ...(newItem ? { NewImage: newItem } : {}),
      ...(oldItem ? { OldImage: oldItem } : {}),
      SequenceNumber: g.digits(21),
      SizeBytes: size,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: g.arn('dynamodb', `table/${v.table}/stream/${g.isoMillis().slice(0, 23)}`),
  };
}

export const DYNAMODB_EVENTS = [
  defineEvent({
    service: 'dynamodb',
    event: 'update',
    description:
      'a stream batch with an INSERT, a MODIFY and a REMOVE (as sam local generate-event dynamodb update)',
    parameters: { ...TABLE, newItem: NEW_ITEM, oldItem: OLD_ITEM },
    build: (v, g): DynamoDBStreamEvent => ({
      Records: [
        record('INSERT', v, g, undefined, v.newItem),
        record('MODIFY', v, g, v.oldItem, v.newItem),
        record('REMOVE', v, g, v.newItem),
      ],
    }),
  }),
  defineEvent({
    service: 'dynamodb',
    event: 'insert',
    description: 'a stream record for a new item',
    parameters: { ...TABLE, newItem: NEW_ITEM },
    build: (v, g): DynamoDBStreamEvent => ({
      Records: [record('INSERT', v, g, undefined, v.newItem)],
    }),
  }),
  defineEvent({
    service: 'dynamodb',
    event: 'modify',
    description: 'a stream record for a changed item',
    parameters: { ...TABLE, oldItem: OLD_ITEM, newItem: NEW_ITEM },
    build: (v, g): DynamoDBStreamEvent => ({
      Records: [record('MODIFY', v, g, v.oldItem, v.newItem)],
    }),
  }),
  defineEvent({
    service: 'dynamodb',
    event: 'remove',
    description: 'a stream record for a deleted item',
    parameters: { ...TABLE, oldItem: OLD_ITEM },
    build: (v, g): DynamoDBStreamEvent => ({ Records: [record('REMOVE', v, g, v.oldItem)] }),
  }),
] as const;
