import { isObject, parseEvent, UserIdentity } from '../lambda/core/cloudtrail';
import { extractResources } from '../lambda/core/registry';
import { SessionRecord } from '../lambda/core/session';
import { loadSamples } from '../test/support/samples';
import { assignClasses, forwarded, SessionClass, stsEvent, trustOf } from './sts-mix';

/*
 * A realistic mixed stream of create events, built from the real CloudTrail samples: every sample the registry
 * handles is a template; each generated event is a template moved to one of 20 accounts and made by one of 50
 * principals (IAM users and role sessions that rotate), with bursts from one principal and RunInstances calls
 * that launch many instances. Deterministic (seeded), so two runs replay the same stream.
 */

export const ACCOUNTS = Array.from({ length: 20 }, (_, i) => String(100000000000 + i * 7919));
export const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

export interface StreamOptions {
  events: number;
  /** Simulated time the stream spans. */
  spanSeconds: number;
  principals: number;
  /** A role session is replaced by a new one (new access key, new STS event) this often. */
  sessionSeconds: number;
  seed: number;
}

export const DEFAULT_STREAM: StreamOptions = {
  events: 10_000,
  spanSeconds: 45 * 60,
  principals: 50,
  sessionSeconds: 20 * 60,
  seed: 42,
};

export interface StreamEvent {
  /** The EventBridge envelope or raw record, as the queue would carry it. */
  body: unknown;
  /** Simulated epoch ms the event is processed at. */
  at: number;
  resources: number;
}

/** A role of the stream and the trust policy GetRole returns for it. */
export interface StreamRole {
  account: string;
  name: string;
  sessionClass: SessionClass;
  trust: object;
}

export interface Stream {
  events: StreamEvent[];
  roles: StreamRole[];
  /** The session records the recorder would have written before the creates (one per role session used). */
  sessions: SessionRecord[];
  templates: number;
  start: number;
}

interface Principal {
  index: number;
  account: string;
  kind: 'user' | 'role';
  name: string;
  /** For a role: the class of its sessions. */
  sessionClass?: SessionClass;
}

/** A small, fast, seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Template {
  text: string;
  account: string;
  region: string;
  runInstances: boolean;
}

/** Every single-event sample the registry turns into at least one resource (S3 object uploads are data events: left out). */
export function templates(): Template[] {
  const out: Template[] = [];
  for (const s of loadSamples()) {
    try {
      const parsed = parseEvent(s.event);
      const resources = extractResources(parsed);
      if (resources.length === 0 || resources[0].writer === 's3-object') continue;
      out.push({
        text: JSON.stringify(s.event),
        account: parsed.account,
        region: parsed.region,
        runInstances: parsed.record.eventName === 'RunInstances',
      });
    } catch {
      // Not a create event, or one the registry refuses: not a template.
    }
  }
  return out;
}

export function buildStream(options: StreamOptions = DEFAULT_STREAM): Stream {
  const random = rng(options.seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const all = templates();
  const principals: Principal[] = Array.from({ length: options.principals }, (_, i) => ({
    index: i,
    account: ACCOUNTS[i % ACCOUNTS.length],
    // Most creators in an organization are role sessions (SSO, CI); some are IAM users.
    kind: i % 5 < 3 ? 'role' : 'user',
    name: i % 5 < 3 ? `Builder${i}` : `user${i}`,
  }));
  const roles = principals.filter((p) => p.kind === 'role');
  const classes = assignClasses(roles.length, options.seed);
  roles.forEach((p, i) => (p.sessionClass = classes[i]));
  const start = Date.parse('2026-06-01T08:00:00Z');
  const sessions = new Map<string, SessionRecord>();
  const events: StreamEvent[] = [];
  let burst = { left: 0, principal: principals[0] };
  for (let n = 0; n < options.events; n++) {
    const at = start + Math.floor((n / options.events) * options.spanSeconds * 1000);
    if (burst.left === 0 && random() < 0.02)
      burst = { left: 20 + Math.floor(random() * 80), principal: pick(principals) };
    const principal = burst.left > 0 ? burst.principal : pick(principals);
    if (burst.left > 0) burst.left -= 1;
    const template = pick(all);
    const region = pick(REGIONS);
    const identity = identityOf(principal, at, options.sessionSeconds, sessions);
    const body = instantiate(
      template,
      principal.account,
      region,
      identity,
      at,
      n,
      template.runInstances && random() < 0.3 ? 5 + Math.floor(random() * 45) : 0,
    );
    const resources = extractResources(parseEvent(body));
    events.push({ body, at, resources: resources.length });
  }
  const streamRoles = roles.map((p) => ({
    account: p.account,
    name: p.name,
    sessionClass: p.sessionClass as SessionClass,
    trust: trustOf(p.sessionClass as SessionClass, p.account, p.index),
  }));
  return { events, roles: streamRoles, sessions: [...sessions.values()], templates: all.length, start };
}

/**
 * The principal's identity at `at`: a role's session changes every `sessionSeconds`, and each session whose STS
 * event is forwarded gets a record, with the session tags its class carries.
 */
function identityOf(
  p: Principal,
  at: number,
  sessionSeconds: number,
  sessions: Map<string, SessionRecord>,
): UserIdentity {
  if (p.kind === 'user') {
    return {
      type: 'IAMUser',
      principalId: `AIDA${p.index}`,
      arn: `arn:aws:iam::${p.account}:user/${p.name}`,
      accountId: p.account,
      accessKeyId: `AKIABENCH${String(p.index).padStart(11, '0')}`,
      userName: p.name,
    };
  }
  const slot = Math.floor(at / (sessionSeconds * 1000));
  // Sessions of different principals start at different times, as in real life.
  const created = new Date(slot * sessionSeconds * 1000 - (p.index % 7) * 1000);
  const accessKeyId = `ASIABENCH${String(p.index).padStart(4, '0')}${String(slot % 10_000_000).padStart(7, '0')}`;
  const sessionName = `jane${p.index}`;
  const sessionArn = `arn:aws:sts::${p.account}:assumed-role/${p.name}/${sessionName}`;
  const sessionClass = p.sessionClass as SessionClass;
  if (!sessions.has(accessKeyId) && forwarded(stsEvent(sessionClass, p.account, REGIONS[0], p.index))) {
    sessions.set(accessKeyId, {
      account: p.account,
      accessKeyId,
      roleArn: `arn:aws:iam::${p.account}:role/${p.name}`,
      sessionName,
      sessionArn,
      tags: TAGGED.has(sessionClass) ? { Project: `p${p.index % 9}`, CostCenter: `cc-${p.index % 4}` } : {},
      transitiveTagKeys: [],
      incomingTransitiveTags: {},
      issuedAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + 3600_000).toISOString(),
      eventId: `sts-${accessKeyId}`,
    });
  }
  return {
    type: 'AssumedRole',
    principalId: `AROA${p.index}:${sessionName}`,
    arn: sessionArn,
    accountId: p.account,
    accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: `AROA${p.index}`,
        arn: `arn:aws:iam::${p.account}:role/${p.name}`,
        accountId: p.account,
        userName: p.name,
      },
      attributes: { creationDate: created.toISOString(), mfaAuthenticated: 'false' },
    },
  };
}

/** The classes whose sessions carry session tags. */
const TAGGED: ReadonlySet<SessionClass> = new Set(['identity-center-tagged', 'ci-oidc', 'eks-pod-identity']);

/** The template moved to `account` and `region`, made by `identity` at `at`, with `instances` instances if asked. */
function instantiate(
  t: Template,
  account: string,
  region: string,
  identity: UserIdentity,
  at: number,
  n: number,
  instances: number,
): unknown {
  const event = JSON.parse(t.text.split(t.account).join(account).split(t.region).join(region)) as Record<
    string,
    unknown
  >;
  const record = isObject(event.detail) ? event.detail : event;
  const time = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
  record.userIdentity = identity;
  record.eventID = `bench-${n}`;
  record.eventTime = time;
  record.awsRegion = region;
  record.recipientAccountId = account;
  if (record !== event) Object.assign(event, { id: `bench-envelope-${n}`, account, region, time });
  if (instances > 0) multiplyInstances(record, instances);
  return event;
}

/** A RunInstances response with `count` instances: the first instance, copied with new ids. */
function multiplyInstances(record: Record<string, unknown>, count: number): void {
  const response = record.responseElements;
  if (!isObject(response) || !isObject(response.instancesSet) || !Array.isArray(response.instancesSet.items)) return;
  const first = response.instancesSet.items[0] as Record<string, unknown>;
  response.instancesSet.items = Array.from({ length: count }, (_, i) => ({
    ...first,
    instanceId: `i-0bench${String(i).padStart(10, '0')}`,
  }));
}
