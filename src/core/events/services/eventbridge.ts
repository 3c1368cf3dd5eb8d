// Amazon EventBridge: any event on a bus, with the user's source, detail-type and detail.
import type { EventBridgeEvent } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { EventCatalogError } from '../eventError';
import { LOCATION, param } from '../parameters';

export const EVENTBRIDGE_EVENTS = [
  defineEvent({
    service: 'eventbridge',
    event: 'event',
    description: 'a custom event delivered by an EventBridge rule',
    parameters: {
      ...LOCATION,
      source: param('text', 'event source', 'com.example.orders'),
      detailType: param('text', 'detail-type', 'Order Placed'),
      detail: param('jsonObject', 'detail, a JSON object', '{"orderId":"1234","amount":42}'),
      resources: param('json', 'resources, a JSON array of ARNs', '[]'),
    },
    build: (v, g): EventBridgeEvent<string, Record<string, unknown>> => {
      const resources: unknown = JSON.parse(v.resources);
      if (!Array.isArray(resources) || !resources.every((r) => typeof r === 'string')) {
        throw new EventCatalogError(
          'resources must be a JSON array of strings such as ["arn:aws:s3:::bucket"]',
          'resources',
        );
      }
      return {
        version: '0',
        id: g.uuid(),
        'detail-type': v.detailType,
        source: v.source,
        account: v.account,
        time: g.isoSeconds(),
        region: v.region,
        resources,
        detail: JSON.parse(v.detail) as Record<string, unknown>,
      };
    },
  }),
] as const;
