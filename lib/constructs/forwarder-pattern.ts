import { supportedEvents } from '../../lambda/core/registry';
import { SESSION_EVENT_NAMES, SESSION_EVENT_SOURCE } from '../../lambda/core/session';

/*
 * The EventBridge patterns of the member forwarding rules and of the central routing rules, generated from the
 * resource registry and the STS session events, so that adding a rule to the registry is all it takes to forward
 * its event.
 */

/** The detail-type EventBridge gives the management events CloudTrail delivers. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
/** EventBridge's default quota on the size of one event pattern, in characters (adjustable to 4096). */
export const MAX_PATTERN_CHARS = 2048;

/** Event names of one CloudTrail event source. */
export interface EventGroup {
  eventSource: string;
  eventNames: string[];
}

/** The EventBridge pattern JSON, as CloudFormation receives it. */
export interface CloudTrailPattern {
  'detail-type': string[];
  detail: Record<string, unknown>;
}

/** The create events of the registry, grouped by event source. */
export function createEventGroups(): EventGroup[] {
  return supportedEvents();
}

/** The STS events that start sessions and carry session tags. */
export function sessionEventGroup(): EventGroup {
  return { eventSource: SESSION_EVENT_SOURCE, eventNames: [...SESSION_EVENT_NAMES] };
}

/**
 * One pattern matching exactly the given events of the given sources, and only successful calls (a failed call
 * carries errorCode). Each source is paired with its own names, so a name of one service never matches in another.
 */
export function cloudTrailPattern(groups: EventGroup[]): CloudTrailPattern {
  if (groups.length === 0 || groups.some((g) => g.eventNames.length === 0)) {
    throw new Error('cloudTrailPattern: every event source needs at least one event name');
  }
  const matchers = groups.map((g) => ({ eventSource: [g.eventSource], eventName: g.eventNames }));
  const detail = matchers.length === 1 ? { ...matchers[0] } : { $or: matchers };
  return { 'detail-type': [CLOUDTRAIL_DETAIL_TYPE], detail: { ...detail, errorCode: [{ exists: false }] } };
}

export function patternSize(pattern: CloudTrailPattern): number {
  return JSON.stringify(pattern).length;
}

/**
 * As few patterns as fit the size quota, together matching exactly the given events. Sources and names are
 * taken in sorted order and packed greedily, so the same registry always gives the same rules.
 */
export function splitPatterns(groups: EventGroup[], maxChars = MAX_PATTERN_CHARS): CloudTrailPattern[] {
  const pairs = groups
    .flatMap((g) => g.eventNames.map((eventName) => ({ eventSource: g.eventSource, eventName })))
    .sort((a, b) => byCodeUnits(a.eventSource, b.eventSource) || byCodeUnits(a.eventName, b.eventName));
  const packs: EventGroup[][] = [];
  let current: EventGroup[] = [];
  for (const pair of pairs) {
    const candidate = withPair(current, pair.eventSource, pair.eventName);
    if (patternSize(cloudTrailPattern(candidate)) <= maxChars) {
      current = candidate;
      continue;
    }
    if (current.length === 0) throw new Error(`the event ${pair.eventSource} ${pair.eventName} alone exceeds ${maxChars} characters of pattern`);
    packs.push(current);
    current = withPair([], pair.eventSource, pair.eventName);
  }
  if (current.length > 0) packs.push(current);
  return packs.map(cloudTrailPattern);
}

/** The patterns of the member forwarding rules: every supported create event and every session event. */
export function forwarderPatterns(maxChars = MAX_PATTERN_CHARS): CloudTrailPattern[] {
  return splitPatterns([...createEventGroups(), sessionEventGroup()], maxChars);
}

/** Locale-independent order, so every machine generates the same rules. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function withPair(groups: EventGroup[], eventSource: string, eventName: string): EventGroup[] {
  const last = groups[groups.length - 1];
  if (last && last.eventSource === eventSource) {
    return [...groups.slice(0, -1), { eventSource, eventNames: [...last.eventNames, eventName] }];
  }
  return [...groups, { eventSource, eventNames: [eventName] }];
}
