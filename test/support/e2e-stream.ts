import { parseEvent } from '../../lambda/core/cloudtrail';
import { isRejection } from '../../lambda/core/rejection';
import { extractResources } from '../../lambda/core/registry';
import { ResourceRef, Tags } from '../../lambda/core/resource';
import { loadSample, loadSamples } from './samples';

/*
 * Event streams for the end-to-end suite, made from the real samples: STS AssumeRole events that open tagged
 * sessions (sts.AssumeRole.3 re-addressed), then the real create events re-played by those sessions in other
 * accounts. Only identities, accounts, ids and times are rewritten; every shape stays as CloudTrail logged it.
 */

export interface Session {
  account: string;
  role: string;
  accessKeyId: string;
  arn: string;
  /** Tags passed on AssumeRole. */
  sessionTags: Tags;
  /** ISO time the session was issued. */
  issuedAt: string;
}

export interface CreateEvent {
  session: Session;
  /** The EventBridge event, as the central bus puts it on the tagger's queue. */
  envelope: Record<string, unknown>;
  resources: ResourceRef[];
  file: string;
}

/** A time as CloudTrail prints `credentials.expiration`: `Mar 1, 2026, 1:00:00 PM`. */
export const cloudTrailTime = (d: Date) =>
  `${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${((d.getUTCHours() + 11) % 12) + 1}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;

/** The STS event that opens `session`, in the form CloudTrail logs it (non-ISO expiration included). */
export function assumeRoleEvent(s: Session): Record<string, unknown> {
  const template = loadSample('sts.AssumeRole.3.json') as Record<string, unknown>;
  const event = JSON.parse(JSON.stringify(template).split('111111111111').join(s.account)) as Record<string, any>;
  const issued = new Date(s.issuedAt);
  event.eventID = `sts-${s.accessKeyId}`;
  event.eventTime = s.issuedAt;
  event.recipientAccountId = s.account;
  event.userIdentity = {
    type: 'IAMUser',
    arn: `arn:aws:iam::${s.account}:user/deployer`,
    accountId: s.account,
    accessKeyId: 'AKIAE2EDEPLOYER0000',
    userName: 'deployer',
  };
  event.requestParameters = {
    roleArn: `arn:aws:iam::${s.account}:role/${s.role}`,
    roleSessionName: s.arn.split('/').pop(),
    tags: Object.entries(s.sessionTags).map(([key, value]) => ({ key, value })),
    transitiveTagKeys: [],
    durationSeconds: 3600,
  };
  event.responseElements.credentials = {
    accessKeyId: s.accessKeyId,
    expiration: cloudTrailTime(new Date(issued.getTime() + 3_600_000)),
    sessionToken: 'E2E-TOKEN-NEVER-STORED',
  };
  event.responseElements.assumedRoleUser = { assumedRoleId: `AROAE2E:${s.arn.split('/').pop()}`, arn: s.arn };
  return event;
}

export function sessionIdentity(s: Session): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    principalId: `AROAE2E:${s.arn.split('/').pop()}`,
    arn: s.arn,
    accountId: s.account,
    accessKeyId: s.accessKeyId,
    sessionContext: {
      attributes: { mfaAuthenticated: 'false', creationDate: s.issuedAt },
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAE2E',
        arn: `arn:aws:iam::${s.account}:role/${s.role}`,
        accountId: s.account,
        userName: s.role,
      },
    },
  };
}

function originalAccount(record: Record<string, any>): string | undefined {
  const candidates = [record.recipientAccountId, record.userIdentity?.accountId].filter(
    (a) => typeof a === 'string' && /^\d{12}$/.test(a),
  );
  return candidates[0];
}

/** `record` re-played by `session` at `time`: its account re-addressed everywhere, its principal the session. */
export function replayed(
  file: string,
  record: Record<string, unknown>,
  session: Session,
  time: string,
  n: number,
): Record<string, unknown> | undefined {
  const from = originalAccount(record as Record<string, any>);
  if (!from) return undefined;
  const detail = JSON.parse(JSON.stringify(record).split(from).join(session.account)) as Record<string, unknown>;
  Object.assign(detail, {
    recipientAccountId: session.account,
    userIdentity: sessionIdentity(session),
    eventTime: time,
    eventID: `e2e-${n}-${file}`,
  });
  return {
    version: '0',
    id: `eb-${n}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${String(detail.eventSource).split('.')[0]}`,
    account: session.account,
    time,
    region: detail.awsRegion,
    resources: [],
    detail,
  };
}

/**
 * Every real create-event sample the registry handles, re-played by every session. Give each session its own
 * account: the same sample in one account twice would create the same resource twice.
 */
export function createEvents(sessions: Session[], time: string): CreateEvent[] {
  const out: CreateEvent[] = [];
  let n = 0;
  for (const sample of loadSamples((f) => !f.startsWith('sts.') && !f.startsWith('lenient/'))) {
    const record = ((sample.event as Record<string, unknown>).detail ?? sample.event) as Record<string, unknown>;
    for (const session of sessions) {
      const envelope = replayed(sample.file, record, session, time, ++n);
      if (!envelope) break;
      try {
        out.push({ session, envelope, resources: extractResources(parseEvent(envelope)), file: sample.file });
      } catch (e) {
        if (!isRejection(e)) throw e;
        break;
      }
    }
  }
  return out;
}

/** A seeded shuffle, so a failing order can be replayed. */
export function shuffled<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
