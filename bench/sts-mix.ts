import { SERVICE_TRUST } from '../test/support/iam-roles';
import { matches } from '../test/support/event-pattern';
import { CLOUDTRAIL_DETAIL_TYPE, sessionForwarderPattern } from '../lib/constructs/forwarder-pattern';
import { tagSessionVerdict } from '../lambda/core/trust-policy';
import { round } from './calls';
import { rng } from './stream';

/*
 * The STS side of the bench stream: a fixed mix of session classes (an assumption about a typical organization,
 * not a measurement), each with the STS event that starts its sessions and the trust policy of its role. Which of
 * those events a member forwarder passes is decided by running the generated forwarder pattern through the
 * EventBridge-faithful matcher, never written down by hand.
 */

export type SessionClass =
  'aws-service' | 'identity-center-tagged' | 'identity-center-untagged' | 'ci-oidc' | 'eks-pod-identity' | 'role-chain';

/** Share of all STS sessions per class. */
export const STS_MIX: Record<SessionClass, number> = {
  'aws-service': 0.6,
  'identity-center-tagged': 0.1,
  'identity-center-untagged': 0.1,
  'ci-oidc': 0.1,
  'eks-pod-identity': 0.05,
  'role-chain': 0.05,
};

export const SESSION_CLASSES = Object.keys(STS_MIX) as SessionClass[];

/**
 * Which class each of `count` sessions (or roles) belongs to: exactly the mix's proportions (largest remainder),
 * in a seeded shuffled order.
 */
export function assignClasses(count: number, seed: number): SessionClass[] {
  const exact = SESSION_CLASSES.map((c) => STS_MIX[c] * count);
  const counts = exact.map(Math.floor);
  const byRemainder = SESSION_CLASSES.map((_, i) => i).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]));
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < count; k++) counts[byRemainder[k]] += 1;
  const out = SESSION_CLASSES.flatMap((c, i) => Array.from({ length: counts[i] }, () => c));
  const random = rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const SERVICES = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'];

/** The trust policy of a role whose sessions are of class `c` (what AWS or a typical setup creates). */
export function trustOf(c: SessionClass, account: string, n = 0): object {
  const allow = (Principal: object, Action: string[]) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal, Action }],
  });
  switch (c) {
    case 'aws-service':
      return {
        ...SERVICE_TRUST,
        Statement: [{ ...SERVICE_TRUST.Statement[0], Principal: { Service: SERVICES[n % SERVICES.length] } }],
      };
    case 'identity-center-tagged':
    case 'identity-center-untagged':
      // The roles IAM Identity Center provisions trust its SAML provider for AssumeRoleWithSAML and TagSession.
      return allow({ Federated: `arn:aws:iam::${account}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE` }, [
        'sts:AssumeRoleWithSAML',
        'sts:TagSession',
      ]);
    case 'ci-oidc':
      return allow({ Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` }, [
        'sts:AssumeRoleWithWebIdentity',
        'sts:TagSession',
      ]);
    case 'eks-pod-identity':
      return allow({ Service: 'pods.eks.amazonaws.com' }, ['sts:AssumeRole', 'sts:TagSession']);
    case 'role-chain':
      // An application role assumed from a Lambda or EC2 role. Taken to allow TagSession (transitive tags may
      // pass along a chain): the conservative choice, as it makes the tagger wait for these sessions.
      return allow({ AWS: `arn:aws:iam::${account}:role/app-runner` }, ['sts:AssumeRole', 'sts:TagSession']);
  }
}

/** Whether the tagger may wait for sessions of class `c`: the real trust-policy reading of its role. */
export function mayCarryTags(c: SessionClass): boolean {
  return tagSessionVerdict(trustOf(c, '111111111111')).mayCarryTags;
}

/** The EventBridge envelope of the STS event that starts session `n` of class `c`, as CloudTrail records it. */
export function stsEvent(c: SessionClass, account: string, region: string, n: number): Record<string, unknown> {
  const roleArn = `arn:aws:iam::${account}:role/${c}-${n % 7}`;
  const base = { eventVersion: '1.08', eventSource: 'sts.amazonaws.com', awsRegion: region, eventID: `sts-${n}` };
  const tags = (pairs: [string, string][]) => pairs.map(([key, value]) => ({ key, value }));
  let detail: Record<string, unknown>;
  switch (c) {
    case 'aws-service':
      detail = {
        ...base,
        eventName: 'AssumeRole',
        userIdentity: { type: 'AWSService', invokedBy: SERVICES[n % SERVICES.length] },
        requestParameters: { roleArn, roleSessionName: `svc-${n}` },
      };
      break;
    case 'identity-center-tagged':
    case 'identity-center-untagged':
      detail = {
        ...base,
        eventName: 'AssumeRoleWithSAML',
        userIdentity: { type: 'SAMLUser', principalId: `SAMLID:user${n}`, userName: `user${n}` },
        requestParameters: {
          roleArn,
          principalArn: `arn:aws:iam::${account}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE`,
          durationSeconds: 3600,
          ...(c === 'identity-center-tagged' ? { principalTags: { CostCenter: 'cc-1', Project: 'p1' } } : {}),
        },
      };
      break;
    case 'ci-oidc':
      detail = {
        ...base,
        eventName: 'AssumeRoleWithWebIdentity',
        userIdentity: { type: 'WebIdentityUser', principalId: `token.actions.githubusercontent.com:repo:${n}` },
        requestParameters: { roleArn, roleSessionName: `ci-${n}`, principalTags: { Repository: `repo-${n % 11}` } },
      };
      break;
    case 'eks-pod-identity':
      detail = {
        ...base,
        eventName: 'AssumeRole',
        userIdentity: { type: 'AWSService', invokedBy: 'pods.eks.amazonaws.com' },
        requestParameters: {
          roleArn,
          roleSessionName: `eks-${n}`,
          tags: tags([
            ['eks-cluster-name', 'prod'],
            ['kubernetes-namespace', 'payments'],
            ['kubernetes-service-account', `sa-${n % 5}`],
          ]),
        },
      };
      break;
    case 'role-chain':
      detail = {
        ...base,
        eventName: 'AssumeRole',
        userIdentity: {
          type: 'AssumedRole',
          arn: `arn:aws:sts::${account}:assumed-role/app-runner/svc-${n}`,
          accountId: account,
        },
        requestParameters: { roleArn, roleSessionName: `chain-${n}` },
      };
      break;
  }
  return {
    version: '0',
    id: `sts-envelope-${n}`,
    'detail-type': CLOUDTRAIL_DETAIL_TYPE,
    source: 'aws.sts',
    account,
    region,
    time: '2026-06-01T08:00:00Z',
    resources: [],
    detail,
  };
}

/** Whether the member forwarder of `account`/`region` passes the event: its real pattern, EventBridge's semantics. */
export function forwarded(event: Record<string, unknown>): boolean {
  const pattern = sessionForwarderPattern({ account: String(event.account), region: String(event.region) });
  return matches(pattern as unknown as Record<string, unknown>, event);
}

export interface StsMixReport {
  sessions: number;
  seed: number;
  mix: Record<SessionClass, number>;
  /** Per class: sessions drawn, of them forwarded, and whether the class's role may carry tags. */
  classes: Record<SessionClass, { sessions: number; forwarded: number; mayCarryTags: boolean }>;
  stsForwardedShare: number;
  note: string;
}

/** Draws `sessions` sessions from the mix and runs each one's STS event through the forwarder pattern. */
export function measureStsMix(sessions: number, seed: number, accounts: string[], regions: string[]): StsMixReport {
  const classes = Object.fromEntries(
    SESSION_CLASSES.map((c) => [c, { sessions: 0, forwarded: 0, mayCarryTags: mayCarryTags(c) }]),
  ) as StsMixReport['classes'];
  let passed = 0;
  for (const [n, c] of assignClasses(sessions, seed).entries()) {
    const event = stsEvent(c, accounts[n % accounts.length], regions[n % regions.length], n);
    classes[c].sessions += 1;
    if (forwarded(event)) {
      classes[c].forwarded += 1;
      passed += 1;
    }
  }
  return {
    sessions,
    seed,
    mix: STS_MIX,
    classes,
    stsForwardedShare: round(passed / sessions),
    note: 'The mix is an assumption about a typical organization, not a measurement.',
  };
}
