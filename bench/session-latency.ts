import { UserIdentity } from '../lambda/core/cloudtrail';
import { resolvePrincipal } from '../lambda/core/principal';
import { sessionWaitFor } from '../lambda/core/tag-plan';
import { tagSessionVerdict } from '../lambda/core/trust-policy';
import { round } from './calls';
import { assignClasses, forwarded, SESSION_CLASSES, SessionClass, stsEvent, trustOf } from './sts-mix';
import { rng } from './stream';

/*
 * Create→tag latency in simulated time, per session class, through a model of the tagger queue: the first create
 * event of each session reaches the queue; when the session record is not in the table yet and the tagger waits
 * for it (the real wait decision: the principal resolved from the event, the role's trust policy read as the
 * tagger reads it), the message comes back after the visibility timeout, until the record is there or the session
 * is older than the delivery window (then it is tagged without session tags). A session whose STS event the
 * forwarder drops (the real pattern) never gets a record.
 */

export interface LatencyOptions {
  sessions: number;
  seed: number;
  visibilityTimeoutSeconds: number;
  deliveryWindowSeconds: number;
  /** Seconds from the start of a session to its first create call: uniform in [0, this]. */
  firstCreateWithinSeconds: number;
  /** CloudTrail → EventBridge → queue or table delay of one event: this minimum plus an exponential tail. */
  deliveryMinSeconds: number;
  deliveryMeanExtraSeconds: number;
}

export const DEFAULT_LATENCY: Omit<LatencyOptions, 'visibilityTimeoutSeconds' | 'deliveryWindowSeconds'> = {
  sessions: 20_000,
  seed: 19,
  firstCreateWithinSeconds: 300,
  deliveryMinSeconds: 15,
  deliveryMeanExtraSeconds: 45,
};

export interface ClassLatency {
  sessions: number;
  /** Sessions whose record was in the table by the time their create event was tagged. */
  withRecord: number;
  /** Sessions the tagger put back on the queue at least once. */
  waited: number;
  p50Seconds: number;
  p99Seconds: number;
  maxSeconds: number;
}

export interface LatencyReport {
  options: LatencyOptions;
  /** From the create event's arrival on the tagger queue to its tagging (CloudTrail's own delay is left out). */
  byClass: Record<SessionClass, ClassLatency>;
  /** Every class's sessions as if their STS event never arrived (sign-in service sessions, a lost event). */
  noStsEvent: Record<SessionClass, ClassLatency>;
  latencyP99NoTagSessionsSeconds: number;
  assumptions: string[];
}

/** Whether the tagger waits for a missing record of a session of class `c`, by the tagger's own reasoning. */
export function waitsFor(c: SessionClass, account: string): boolean {
  const identity: UserIdentity = {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLE:${c}`,
    arn: `arn:aws:sts::${account}:assumed-role/${c}/s`,
    accountId: account,
    accessKeyId: 'ASIAEXAMPLE',
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/${c}`, accountId: account, userName: c },
    },
  };
  const principal = resolvePrincipal(identity, account, 'eu-west-1');
  return sessionWaitFor(principal, { status: 'read', tags: {}, tagSession: tagSessionVerdict(trustOf(c, account)) })
    .waits;
}

/** When the create event is tagged, seconds after it reached the queue. */
function tagDelay(o: LatencyOptions, arrival: number, recordAt: number, waits: boolean): number {
  for (let t = arrival; ; t += o.visibilityTimeoutSeconds) {
    const young = t < o.deliveryWindowSeconds;
    if (recordAt <= t || !waits || !young) return t - arrival;
  }
}

export function measureLatency(o: LatencyOptions): LatencyReport {
  const random = rng(o.seed);
  const delay = () => o.deliveryMinSeconds - o.deliveryMeanExtraSeconds * Math.log(1 - random());
  const account = '111111111111';
  const waits = Object.fromEntries(SESSION_CLASSES.map((c) => [c, waitsFor(c, account)])) as Record<
    SessionClass,
    boolean
  >;
  const samples = { byClass: new Map<SessionClass, number[]>(), noStsEvent: new Map<SessionClass, number[]>() };
  const counts = Object.fromEntries(SESSION_CLASSES.map((c) => [c, { withRecord: 0, waited: 0 }])) as Record<
    SessionClass,
    { withRecord: number; waited: number }
  >;
  for (const [n, c] of assignClasses(o.sessions, o.seed).entries()) {
    // Seconds from the session's start: its STS event reaches the table, its first create reaches the queue.
    const passes = forwarded(stsEvent(c, account, 'eu-west-1', n));
    const recordAt = passes ? delay() : Infinity;
    const arrival = random() * o.firstCreateWithinSeconds + delay();
    const seconds = tagDelay(o, arrival, recordAt, waits[c]);
    if (recordAt <= arrival + seconds) counts[c].withRecord += 1;
    if (seconds > 0) counts[c].waited += 1;
    push(samples.byClass, c, seconds);
    push(samples.noStsEvent, c, tagDelay(o, arrival, Infinity, waits[c]));
  }
  const summarize = (m: Map<SessionClass, number[]>, withCounts: boolean) =>
    Object.fromEntries(
      SESSION_CLASSES.map((c) => {
        const xs = (m.get(c) ?? []).sort((a, b) => a - b);
        return [
          c,
          {
            sessions: xs.length,
            withRecord: withCounts ? counts[c].withRecord : 0,
            waited: withCounts ? counts[c].waited : xs.filter((x) => x > 0).length,
            p50Seconds: round(quantile(xs, 0.5), 1),
            p99Seconds: round(quantile(xs, 0.99), 1),
            maxSeconds: round(xs[xs.length - 1] ?? 0, 1),
          },
        ];
      }),
    ) as Record<SessionClass, ClassLatency>;
  const byClass = summarize(samples.byClass, true);
  const noTags = SESSION_CLASSES.filter((c) => !waits[c]).flatMap((c) => samples.byClass.get(c) ?? []);
  return {
    options: o,
    byClass,
    noStsEvent: summarize(samples.noStsEvent, false),
    latencyP99NoTagSessionsSeconds: round(
      quantile(
        noTags.sort((a, b) => a - b),
        0.99,
      ),
      1,
    ),
    assumptions: [
      `A session's first create call comes uniformly within ${o.firstCreateWithinSeconds} s of its start.`,
      `Each event (the create event to the queue, the STS event to the session table) is delivered after ` +
        `${o.deliveryMinSeconds} s plus an exponential delay of mean ${o.deliveryMeanExtraSeconds} s, independently.`,
      'Latency counts from the create event reaching the tagger queue: CloudTrail delivery itself is the same for ' +
        'every design and is left out; processing time (milliseconds) is left out.',
    ],
  };
}

function push(m: Map<SessionClass, number[]>, c: SessionClass, x: number): void {
  const xs = m.get(c) ?? [];
  xs.push(x);
  m.set(c, xs);
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
