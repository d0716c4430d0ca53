import { buildStream, DEFAULT_STREAM } from '../../bench/stream';
import { parseEvent } from '../../lambda/core/cloudtrail';
import { extractResources } from '../../lambda/core/registry';

/** The benchmark's stream has the shape its report claims: checked here so that the figures rest on it. */
describe('the benchmark event stream', () => {
  const stream = buildStream(DEFAULT_STREAM);
  const parsed = stream.events.map((e) => parseEvent(e.body));

  test('at least 10,000 create events from 50 principals in 20 accounts, each made in its own account', () => {
    expect(stream.events.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(parsed.map((p) => p.record.userIdentity.arn?.replace(/\/jane\d+$/, ''))).size).toBe(50);
    expect(new Set(parsed.map((p) => p.account)).size).toBe(20);
    for (const p of parsed) expect(p.record.userIdentity.accountId).toBe(p.account);
  });

  test('every event is a supported create event whose resources are in its account and region', () => {
    for (const p of parsed) {
      const resources = extractResources(p);
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) {
        if (r.account) expect(r.account).toBe(p.account);
        if (r.region) expect(r.region).toBe(p.region);
      }
    }
  });

  test('it has bursts from one principal and RunInstances calls with many instances', () => {
    let longest = 1;
    let run = 1;
    for (let i = 1; i < parsed.length; i++) {
      run = parsed[i].record.userIdentity.arn === parsed[i - 1].record.userIdentity.arn ? run + 1 : 1;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeGreaterThanOrEqual(20);
    const instances = parsed
      .filter((p) => p.record.eventName === 'RunInstances')
      .map((p) => extractResources(p).filter((r) => r.type === 'instance').length);
    expect(Math.max(...instances)).toBeGreaterThanOrEqual(20);
  });

  test('a role session has its record exactly when its STS event is forwarded, and the same seed gives the same stream', () => {
    const keys = new Set(stream.sessions.map((s) => s.accessKeyId));
    const classOf = new Map(stream.roles.map((r) => [`arn:aws:iam::${r.account}:role/${r.name}`, r.sessionClass]));
    const seen = new Set<string>();
    for (const p of parsed) {
      const identity = p.record.userIdentity;
      if (identity.type !== 'AssumedRole') continue;
      const sessionClass = classOf.get(String(identity.sessionContext?.sessionIssuer?.arn));
      expect(sessionClass).toBeDefined();
      seen.add(sessionClass as string);
      expect(keys.has(identity.accessKeyId as string)).toBe(sessionClass !== 'aws-service');
    }
    expect(seen.has('aws-service')).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(buildStream(DEFAULT_STREAM).events.slice(0, 50))).toBe(
      JSON.stringify(stream.events.slice(0, 50)),
    );
  });
});
