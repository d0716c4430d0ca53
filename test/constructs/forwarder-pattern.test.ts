import fc from 'fast-check';
import { supportedEvents } from '../../lambda/core/registry';
import { SESSION_EVENT_NAMES, SESSION_EVENT_SOURCE } from '../../lambda/core/session';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  cloudTrailPattern,
  CloudTrailPattern,
  EventGroup,
  forwarderPatterns,
  MAX_PATTERN_CHARS,
  patternSize,
  splitPatterns,
} from '../../lib/constructs/forwarder-pattern';
import { matches } from '../support/event-pattern';
import { loadSamples } from '../support/samples';

const envelope = (eventSource: string, eventName: string, extra: Record<string, unknown> = {}) => ({
  'detail-type': CLOUDTRAIL_DETAIL_TYPE,
  source: 'aws.test',
  detail: { eventSource, eventName, ...extra },
});
const matchedBy = (patterns: CloudTrailPattern[], event: unknown) => patterns.filter((p) => matches(p as never, event)).length;
const pairs = (groups: EventGroup[]) => groups.flatMap((g) => g.eventNames.map((n) => `${g.eventSource} ${n}`));

describe('forwarderPatterns', () => {
  const patterns = forwarderPatterns();
  const expected = [...supportedEvents(), { eventSource: SESSION_EVENT_SOURCE, eventNames: [...SESSION_EVENT_NAMES] }];

  it('matches every registry create event and every STS session event, each in exactly one rule', () => {
    for (const pair of pairs(expected)) {
      const [source, name] = pair.split(' ');
      expect({ pair, rules: matchedBy(patterns, envelope(source, name)) }).toEqual({ pair, rules: 1 });
    }
  });

  it('forwards successful calls only', () => {
    for (const pair of pairs(expected)) {
      const [source, name] = pair.split(' ');
      expect(matchedBy(patterns, envelope(source, name, { errorCode: 'AccessDenied' }))).toBe(0);
    }
  });

  it('does not pair one service\'s event name with another service', () => {
    expect(matchedBy(patterns, envelope('ec2.amazonaws.com', 'AssumeRole'))).toBe(0);
    expect(matchedBy(patterns, envelope(SESSION_EVENT_SOURCE, 'GetCallerIdentity'))).toBe(0);
  });

  it('only matches CloudTrail API call events', () => {
    const event = { ...envelope(SESSION_EVENT_SOURCE, 'AssumeRole'), 'detail-type': 'AWS Console Sign In via CloudTrail' };
    expect(matchedBy(patterns, event)).toBe(0);
  });

  it('stays under the EventBridge pattern size quota', () => {
    for (const p of patterns) expect(patternSize(p)).toBeLessThanOrEqual(MAX_PATTERN_CHARS);
  });

  it('agrees with the registry on every real CloudTrail sample', () => {
    const supported = new Set(pairs(expected));
    let forwarded = 0;
    for (const { file, event } of loadSamples()) {
      const e = event as Record<string, unknown>;
      const ev = 'detail' in e ? e : { 'detail-type': CLOUDTRAIL_DETAIL_TYPE, detail: e };
      const detail = ev.detail as { eventSource: string; eventName: string; errorCode?: string };
      const wanted = supported.has(`${detail.eventSource} ${detail.eventName}`) && detail.errorCode === undefined;
      expect({ file, forwarded: matchedBy(patterns, ev) > 0 }).toEqual({ file, forwarded: wanted });
      if (wanted) forwarded++;
    }
    // The samples hold S3 CreateBucket and STS AssumeRole events at least: the check above is not vacuous.
    expect(forwarded).toBeGreaterThan(10);
  });
});

describe('cloudTrailPattern', () => {
  it('uses a plain matcher for one source and $or for several', () => {
    expect(cloudTrailPattern([{ eventSource: 's3.amazonaws.com', eventNames: ['CreateBucket'] }])).toEqual({
      'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
      detail: { eventSource: ['s3.amazonaws.com'], eventName: ['CreateBucket'], errorCode: [{ exists: false }] },
    });
    const two = cloudTrailPattern([
      { eventSource: 'a.amazonaws.com', eventNames: ['CreateA'] },
      { eventSource: 'b.amazonaws.com', eventNames: ['CreateB'] },
    ]);
    expect(two.detail.$or).toHaveLength(2);
  });

  it('refuses an empty group', () => {
    expect(() => cloudTrailPattern([])).toThrow(/at least one event name/);
    expect(() => cloudTrailPattern([{ eventSource: 'a.amazonaws.com', eventNames: [] }])).toThrow(/at least one event name/);
  });
});

describe('splitPatterns', () => {
  const name = fc.stringMatching(/^[A-Z][A-Za-z0-9]{2,40}$/);
  const source = fc.stringMatching(/^[a-z][a-z0-9-]{1,20}$/).map((s) => `${s}.amazonaws.com`);
  const groups = fc
    .uniqueArray(fc.record({ eventSource: source, eventNames: fc.uniqueArray(name, { minLength: 1, maxLength: 60 }) }), {
      selector: (g) => g.eventSource,
      minLength: 1,
      maxLength: 25,
    });

  it('splits into patterns under the limit that together match exactly the given events, once each', () => {
    fc.assert(
      fc.property(groups, fc.integer({ min: 400, max: 4096 }), (gs, max) => {
        const split = splitPatterns(gs, max);
        for (const p of split) expect(patternSize(p)).toBeLessThanOrEqual(max);
        for (const pair of pairs(gs)) {
          const [s, n] = pair.split(' ');
          expect(matchedBy(split, envelope(s, n))).toBe(1);
        }
        const covered = split.flatMap((p) => {
          const d = p.detail;
          const ms = (d.$or ?? [d]) as { eventSource: string[]; eventName: string[] }[];
          return ms.flatMap((m) => m.eventName.map((n) => `${m.eventSource[0]} ${n}`));
        });
        expect(covered.sort()).toEqual(pairs(gs).sort());
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same rules whatever the order of the registry', () => {
    fc.assert(
      fc.property(groups, (gs) => {
        const reversed = [...gs].reverse().map((g) => ({ ...g, eventNames: [...g.eventNames].reverse() }));
        expect(splitPatterns(reversed, 800)).toEqual(splitPatterns(gs, 800));
      }),
      { numRuns: 40 },
    );
  });

  it('needs several rules once the registry outgrows one pattern, and one when it fits', () => {
    const big = Array.from({ length: 30 }, (_, i) => ({
      eventSource: `service${i}.amazonaws.com`,
      eventNames: Array.from({ length: 8 }, (_, j) => `CreateThing${j}`),
    }));
    expect(splitPatterns(big).length).toBeGreaterThan(1);
    expect(splitPatterns(big.slice(0, 1))).toHaveLength(1);
  });

  it('refuses an event that cannot fit in any pattern', () => {
    expect(() => splitPatterns([{ eventSource: 'a.amazonaws.com', eventNames: ['X'.repeat(300)] }], 200)).toThrow(/alone exceeds 200/);
  });
});
