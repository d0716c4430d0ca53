import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { supportedEvents } from '../../lambda/core/registry';
import { SESSION_EVENT_NAMES, SESSION_EVENT_SOURCE } from '../../lambda/core/session';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  cloudTrailPattern,
  CloudTrailPattern,
  EventGroup,
  forwarderRules,
  MAX_PATTERN_CHARS,
  patternSize,
  splitPatterns,
} from '../../lib/constructs/forwarder-pattern';
import { matches } from '../support/event-pattern';
import { loadSamples } from '../support/samples';

const DOCUMENTED_SHAPES = path.resolve(__dirname, '..', 'fixtures', 'documented-shapes');

const SCOPE = { account: '111122223333', region: 'eu-west-1' };
const envelope = (eventSource: string, eventName: string, extra: Record<string, unknown> = {}) => ({
  'detail-type': CLOUDTRAIL_DETAIL_TYPE,
  source: 'aws.test',
  account: SCOPE.account,
  region: SCOPE.region,
  detail: { eventSource, eventName, userIdentity: { type: 'IAMUser' }, ...extra },
});
const matchedBy = (patterns: CloudTrailPattern[], event: unknown) =>
  patterns.filter((p) => matches(p as never, event)).length;
const pairs = (groups: EventGroup[]) => groups.flatMap((g) => g.eventNames.map((n) => `${g.eventSource} ${n}`));
/** What the STS forwarder keeps home: an AWS service's own AssumeRole that passes no tag keys and no transitive keys. */
const staysHome = (detail: Record<string, any>) =>
  detail.eventName === 'AssumeRole' &&
  detail.userIdentity?.type === 'AWSService' &&
  !(detail.requestParameters?.tags ?? []).some((t: { key?: unknown }) => typeof t?.key === 'string') &&
  (detail.requestParameters?.transitiveTagKeys ?? []).length === 0;

describe('forwarderRules', () => {
  const rules = forwarderRules(SCOPE);
  const patterns = rules.map((r) => r.pattern);
  const expected = [...supportedEvents(), { eventSource: SESSION_EVENT_SOURCE, eventNames: [...SESSION_EVENT_NAMES] }];

  it('matches every registry create event and every STS session event, each in exactly one rule', () => {
    for (const pair of pairs(expected)) {
      const [source, name] = pair.split(' ');
      expect({ pair, rules: matchedBy(patterns, envelope(source, name)) }).toEqual({ pair, rules: 1 });
    }
  });

  it('gives the STS session events a rule of their own, the only one marked as needing read-only events', () => {
    expect(rules.filter((r) => r.kind === 'session')).toHaveLength(1);
    const [session] = rules.filter((r) => r.kind === 'session');
    for (const name of SESSION_EVENT_NAMES)
      expect(matches(session.pattern as never, envelope(SESSION_EVENT_SOURCE, name))).toBe(true);
    for (const r of rules.filter((x) => x.kind === 'create')) {
      for (const name of SESSION_EVENT_NAMES)
        expect(matches(r.pattern as never, envelope(SESSION_EVENT_SOURCE, name))).toBe(false);
    }
  });

  it('forwards successful calls only', () => {
    for (const pair of pairs(expected)) {
      const [source, name] = pair.split(' ');
      expect(matchedBy(patterns, envelope(source, name, { errorCode: 'AccessDenied' }))).toBe(0);
    }
  });

  it("forwards only what AWS put on this account's bus in this region, never a replay", () => {
    for (const pair of pairs(expected)) {
      const [source, name] = pair.split(' ');
      const genuine = envelope(source, name);
      expect(matchedBy(patterns, genuine)).toBe(1);
      for (const forged of [
        { ...genuine, source: 'x.forge' },
        { ...genuine, source: 'awsx.sts' },
        { ...genuine, 'replay-name': 'replay-of-archive' },
        { ...genuine, account: '999999999999' },
        { ...genuine, region: 'us-east-1' },
      ]) {
        expect({ pair, forged, rules: matchedBy(patterns, forged) }).toEqual({ pair, forged, rules: 0 });
      }
    }
  });

  it("does not pair one service's event name with another service", () => {
    expect(matchedBy(patterns, envelope('ec2.amazonaws.com', 'AssumeRole'))).toBe(0);
    expect(matchedBy(patterns, envelope(SESSION_EVENT_SOURCE, 'GetCallerIdentity'))).toBe(0);
  });

  it('only matches CloudTrail API call events', () => {
    const event = {
      ...envelope(SESSION_EVENT_SOURCE, 'AssumeRole'),
      'detail-type': 'AWS Console Sign In via CloudTrail',
    };
    expect(matchedBy(patterns, event)).toBe(0);
  });

  it('stays under the EventBridge pattern size quota with the longest account and region', () => {
    for (const p of forwarderRules({ account: '0'.repeat(12), region: 'x'.repeat(20) }).map((r) => r.pattern)) {
      expect(patternSize(p)).toBeLessThanOrEqual(MAX_PATTERN_CHARS);
    }
  });

  it("keeps home an AWS service's AssumeRole without tag keys or transitive keys, and only that", () => {
    const service = { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' };
    const sts = (userIdentity: unknown, requestParameters: unknown) =>
      envelope(SESSION_EVENT_SOURCE, 'AssumeRole', { userIdentity, requestParameters });
    const home = [
      sts(service, { roleArn: 'r' }),
      sts(service, { roleArn: 'r', tags: [], transitiveTagKeys: [] }),
      sts(service, null),
    ];
    const forwarded = [
      sts(service, { tags: [{ key: 'team', value: 'a' }] }),
      sts(service, { transitiveTagKeys: ['team'] }),
      sts({ type: 'AssumedRole' }, {}),
      sts({ type: 'IAMUser' }, null),
      envelope(SESSION_EVENT_SOURCE, 'AssumeRoleWithWebIdentity', { userIdentity: { type: 'WebIdentityUser' } }),
    ];
    for (const e of home) expect({ e, rules: matchedBy(patterns, e) }).toEqual({ e, rules: 0 });
    for (const e of forwarded) expect({ e, rules: matchedBy(patterns, e) }).toEqual({ e, rules: 1 });
  });

  it('forwards the EKS Pod Identity AssumeRole of the documented shape: an AWS service passing session tags', () => {
    const detail = JSON.parse(
      readFileSync(path.join(DOCUMENTED_SHAPES, 'sts.AssumeRole.eks-pod-identity.json'), 'utf8'),
    );
    const event = {
      'detail-type': CLOUDTRAIL_DETAIL_TYPE,
      source: 'aws.sts',
      account: detail.recipientAccountId,
      region: detail.awsRegion,
      detail,
    };
    const scoped = forwarderRules({ account: detail.recipientAccountId, region: detail.awsRegion }).map(
      (r) => r.pattern,
    );
    expect(detail.userIdentity.type).toBe('AWSService');
    expect(matchedBy(scoped, event)).toBe(1);
    const untagged = {
      ...event,
      detail: { ...detail, requestParameters: { ...detail.requestParameters, tags: undefined } },
    };
    expect(matchedBy(scoped, untagged)).toBe(0);
  });

  it('agrees with the registry and the STS filter on every real CloudTrail sample', () => {
    const supported = new Set(pairs(expected));
    let forwarded = 0;
    let keptHome = 0;
    for (const { file, event } of loadSamples()) {
      const e = event as Record<string, unknown>;
      const detail = (e.detail ?? e) as Record<string, any>;
      const account = (e.account ?? detail.recipientAccountId ?? SCOPE.account) as string;
      const ev = {
        'detail-type': CLOUDTRAIL_DETAIL_TYPE,
        source: `aws.${String(detail.eventSource).split('.')[0]}`,
        ...e,
        account,
        region: detail.awsRegion,
        detail,
      };
      const scoped = forwarderRules({ account, region: String(detail.awsRegion) }).map((r) => r.pattern);
      const wanted =
        supported.has(`${detail.eventSource} ${detail.eventName}`) &&
        detail.errorCode === undefined &&
        !staysHome(detail);
      expect({ file, forwarded: matchedBy(scoped, ev) > 0 }).toEqual({ file, forwarded: wanted });
      if (wanted) forwarded++;
      if (staysHome(detail) && detail.errorCode === undefined) keptHome++;
    }
    // The samples hold S3 CreateBucket and STS AssumeRole events at least, and service AssumeRoles: not vacuous.
    expect(forwarded).toBeGreaterThan(10);
    expect(keptHome).toBeGreaterThanOrEqual(4);
  });
});

describe('cloudTrailPattern', () => {
  it('uses a plain matcher for one source and $or for several', () => {
    expect(cloudTrailPattern([{ eventSource: 's3.amazonaws.com', eventNames: ['CreateBucket'] }])).toEqual({
      source: [{ prefix: 'aws.' }],
      'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
      'replay-name': [{ exists: false }],
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
    expect(() => cloudTrailPattern([{ eventSource: 'a.amazonaws.com', eventNames: [] }])).toThrow(
      /at least one event name/,
    );
  });
});

describe('splitPatterns', () => {
  const name = fc.stringMatching(/^[A-Z][A-Za-z0-9]{2,40}$/);
  const source = fc.stringMatching(/^[a-z][a-z0-9-]{1,20}$/).map((s) => `${s}.amazonaws.com`);
  const groups = fc.uniqueArray(
    fc.record({ eventSource: source, eventNames: fc.uniqueArray(name, { minLength: 1, maxLength: 60 }) }),
    {
      selector: (g) => g.eventSource,
      minLength: 1,
      maxLength: 25,
    },
  );

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
    expect(() => splitPatterns([{ eventSource: 'a.amazonaws.com', eventNames: ['X'.repeat(300)] }], 200)).toThrow(
      /alone exceeds 200/,
    );
  });
});
