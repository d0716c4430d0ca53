import { AWS_SOURCE_PREFIX, REPLAY_NAME_FIELD } from '../../lambda/core/cloudtrail';
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

/**
 * The EventBridge pattern JSON, as CloudFormation receives it. Every rule matches only sources that AWS alone can
 * put (`aws.` prefix) and never a replay of an archive; a forwarder also pins the account and region of its stack.
 */
export interface CloudTrailPattern {
  source: [{ prefix: string }];
  'detail-type': string[];
  'replay-name': [{ exists: false }];
  account?: string[];
  region?: string[];
  detail: Record<string, unknown>;
}

/** The account and region a forwarder runs in: CloudFormation pseudo parameters in a StackSet template. */
export interface ForwarderScope {
  account: string;
  region: string;
}

/**
 * Stand-ins of the longest account id and region code, to size a forwarder pattern whose scope is still a
 * CloudFormation token (its rendered length says nothing about the value it becomes).
 */
const SIZING_SCOPE: ForwarderScope = { account: '0'.repeat(12), region: 'x'.repeat(20) };

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
 * With a scope (the forwarders), only events of that account and region match.
 */
export function cloudTrailPattern(groups: EventGroup[], scope?: ForwarderScope): CloudTrailPattern {
  if (groups.length === 0 || groups.some((g) => g.eventNames.length === 0)) {
    throw new Error('cloudTrailPattern: every event source needs at least one event name');
  }
  const matchers = groups.map((g) => ({ eventSource: [g.eventSource], eventName: g.eventNames }));
  const detail = matchers.length === 1 ? { ...matchers[0] } : { $or: matchers };
  return envelopePattern({ ...detail, errorCode: [{ exists: false }] }, scope);
}

/**
 * The STS session events a forwarder sends, without the AssumeRole calls an AWS service makes for itself with no
 * session tags: those sessions (Lambda, EC2, ECS execution roles) carry no tags to record, and they are most of
 * the STS traffic. The test is written on leaves because EventBridge applies `exists` only to leaf nodes, and
 * `tags` is a list of {key, value} objects: `tags.key` is a leaf, `tags` is not. An empty list has no leaf.
 */
export function sessionForwarderPattern(scope: ForwarderScope): CloudTrailPattern {
  const group = sessionEventGroup();
  const others = group.eventNames.filter((n) => n !== 'AssumeRole');
  const assumeRole = (condition: Record<string, unknown>) => ({ eventName: ['AssumeRole'], ...condition });
  return envelopePattern(
    {
      eventSource: [group.eventSource],
      errorCode: [{ exists: false }],
      $or: [
        { eventName: others },
        assumeRole({ userIdentity: { type: [{ 'anything-but': 'AWSService' }] } }),
        assumeRole({ requestParameters: { tags: { key: [{ exists: true }] } } }),
        assumeRole({ requestParameters: { transitiveTagKeys: [{ exists: true }] } }),
      ],
    },
    scope,
  );
}

function envelopePattern(detail: Record<string, unknown>, scope?: ForwarderScope): CloudTrailPattern {
  return {
    source: [{ prefix: AWS_SOURCE_PREFIX }],
    'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
    [REPLAY_NAME_FIELD]: [{ exists: false }],
    ...(scope ? { account: [scope.account], region: [scope.region] } : {}),
    detail,
  };
}

export function patternSize(pattern: CloudTrailPattern): number {
  return JSON.stringify(pattern).length;
}

/**
 * As few patterns as fit the size quota, together matching exactly the given events. Sources and names are
 * taken in sorted order and packed greedily, so the same registry always gives the same rules.
 */
export function splitPatterns(
  groups: EventGroup[],
  maxChars = MAX_PATTERN_CHARS,
  scope?: ForwarderScope,
): CloudTrailPattern[] {
  const sizing = scope ? SIZING_SCOPE : undefined;
  const pairs = groups
    .flatMap((g) => g.eventNames.map((eventName) => ({ eventSource: g.eventSource, eventName })))
    .sort((a, b) => byCodeUnits(a.eventSource, b.eventSource) || byCodeUnits(a.eventName, b.eventName));
  const packs: EventGroup[][] = [];
  let current: EventGroup[] = [];
  for (const pair of pairs) {
    const candidate = withPair(current, pair.eventSource, pair.eventName);
    if (patternSize(cloudTrailPattern(candidate, sizing)) <= maxChars) {
      current = candidate;
      continue;
    }
    if (current.length === 0)
      throw new Error(
        `the event ${pair.eventSource} ${pair.eventName} alone exceeds ${maxChars} characters of pattern`,
      );
    packs.push(current);
    current = withPair([], pair.eventSource, pair.eventName);
  }
  if (current.length > 0) packs.push(current);
  return packs.map((pack) => cloudTrailPattern(pack, scope));
}

export interface ForwarderRule {
  /** `session` is the one rule that needs EventBridge's read-only management events (AssumeRole is read-only). */
  kind: 'create' | 'session';
  pattern: CloudTrailPattern;
}

/**
 * The member forwarding rules: the supported create events, split to fit the size quota, then the STS session
 * events in a rule of their own.
 */
export function forwarderRules(scope: ForwarderScope, maxChars = MAX_PATTERN_CHARS): ForwarderRule[] {
  const session = sessionForwarderPattern(scope);
  if (patternSize(sessionForwarderPattern(SIZING_SCOPE)) > maxChars) {
    throw new Error(`the STS forwarder pattern exceeds ${maxChars} characters`);
  }
  return [
    ...splitPatterns(createEventGroups(), maxChars, scope).map((pattern) => ({ kind: 'create' as const, pattern })),
    { kind: 'session', pattern: session },
  ];
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
