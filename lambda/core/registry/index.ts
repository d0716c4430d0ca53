import { isObject, ParsedEvent } from '../cloudtrail';
import { Rejection } from '../rejection';
import { ResourceRef } from '../resource';
import { partitionOf } from './fields';
import { s3Rules } from './s3';
import { ResourceRule } from './types';

export type { ResourceRule, ExtractContext } from './types';

/** Every create event tagwarden handles. The member forwarding rule's pattern is generated from this list. */
export const RULES: readonly ResourceRule[] = [...s3Rules];

const byEvent = new Map(RULES.map((r) => [`${r.eventSource} ${r.eventName}`, r]));
if (byEvent.size !== RULES.length) throw new Error('registry: two rules share an eventSource and eventName');

export function ruleFor(eventSource: string, eventName: string): ResourceRule | undefined {
  return byEvent.get(`${eventSource} ${eventName}`);
}

/**
 * Every resource a create event created, each in the event's account and region.
 * Throws a Rejection: `failed-call` for a failed API call, `unsupported` for an event with no rule,
 * `incomplete` when the rule's fields are missing, `account-mismatch` when a resource is in another account.
 */
export function extractResources(event: ParsedEvent): ResourceRef[] {
  const { record } = event;
  if (record.errorCode) throw new Rejection('failed-call', `the call failed with ${record.errorCode}: nothing was created`, 'errorCode');
  const rule = ruleFor(record.eventSource, record.eventName);
  if (!rule) throw new Rejection('unsupported', `no rule for ${record.eventSource} ${record.eventName}`, 'eventName');
  const resources = rule.extract({
    event,
    request: isObject(record.requestParameters) ? record.requestParameters : {},
    response: isObject(record.responseElements) ? record.responseElements : {},
    partition: partitionOf(event.region),
    account: event.account,
    region: event.region,
  });
  if (resources.length === 0) throw new Rejection('incomplete', `${record.eventName} names no created resource`, 'responseElements');
  for (const r of resources) {
    if (r.account !== event.account) {
      throw new Rejection('account-mismatch', `resource ${r.arn} is in account ${r.account}, not in the event's account ${event.account}`, 'responseElements');
    }
  }
  return resources;
}

/** The create events to forward, grouped by event source, for the member accounts' EventBridge rule. */
export function supportedEvents(): { eventSource: string; eventNames: string[] }[] {
  const grouped = new Map<string, string[]>();
  for (const r of RULES) grouped.set(r.eventSource, [...(grouped.get(r.eventSource) ?? []), r.eventName]);
  return [...grouped].map(([eventSource, eventNames]) => ({ eventSource, eventNames: eventNames.sort() })).sort((a, b) => a.eventSource.localeCompare(b.eventSource));
}
