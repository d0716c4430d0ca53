import { parseEvent } from '../lambda/core/cloudtrail';
import { resolvePrincipal } from '../lambda/core/principal';
import { extractResources, ruleFor } from '../lambda/core/registry';
import { PlanSettings, planTags, SessionInput } from '../lambda/core/tag-plan';
import { round } from './calls';
import { Stream } from './stream';

/*
 * The engine's own work per event, without I/O: parse, extract the resources, resolve the principal, merge the
 * principal's tags and plan the writes. The IAM tags and the session record are given, as a warm cache gives them.
 */

export interface CpuReport {
  events: number;
  warmupEvents: number;
  medianMs: number;
  p99Ms: number;
  meanMs: number;
}

const SETTINGS: PlanSettings = {
  protectedTagPrefix: 'scp-',
  ownerTagKey: 'Owner',
  propagation: { include: ['*'], exclude: ['temp-*'] },
  conflict: 'keep',
};
const IAM_TAGS = { status: 'read', tags: { team: 'platform', 'temp-x': '1', 'scp-level': 'high' } } as const;

export function measureCpu(stream: Stream, warmupRounds = 1): CpuReport {
  const records = new Map(stream.sessions.map((s) => [s.accessKeyId, s]));
  const once = (body: unknown) => {
    const event = parseEvent(body, { handles: (source, name) => ruleFor(source, name) !== undefined });
    const resources = extractResources(event);
    const principal = resolvePrincipal(event.record.userIdentity, event.account, event.region);
    const record = records.get(event.record.userIdentity.accessKeyId ?? '');
    // As the engine sees them: a record, a role session without one (AWS services' sessions), or no session at all.
    const session: SessionInput = record
      ? { status: 'found', record }
      : principal.mayHaveSessionTags
        ? { status: 'missing', mayStillArrive: false, reason: 'no session record' }
        : { status: 'not-applicable', reason: `a ${principal.kind} has no session tags` };
    return planTags({ event, resources, principal, iamTags: IAM_TAGS, session, settings: SETTINGS });
  };
  const bodies = stream.events.map((e) => e.body);
  for (let r = 0; r < warmupRounds; r++) for (const b of bodies) once(b);
  const times = new Float64Array(bodies.length);
  for (const [i, b] of bodies.entries()) {
    const t = performance.now();
    once(b);
    times[i] = performance.now() - t;
  }
  times.sort();
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return {
    events: bodies.length,
    warmupEvents: bodies.length * warmupRounds,
    medianMs: round(at(0.5), 4),
    p99Ms: round(at(0.99), 4),
    meanMs: round(times.reduce((a, b) => a + b, 0) / times.length, 4),
  };
}
