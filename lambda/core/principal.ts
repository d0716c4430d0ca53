import { UserIdentity } from './cloudtrail';
import { accountOfArn, iamArn, isAccountId, partitionOf } from './aws-syntax';

/** Who made a call, as far as tagging cares. */
export type PrincipalKind =
  | 'iam-user'
  | 'assumed-role'
  | 'federated-user'
  | 'root'
  /** An AWS service acting on its own (no user behind it is named in the event). */
  | 'aws-service'
  /** A principal of another account, known only by its account (`type: AWSAccount`). */
  | 'aws-account'
  /** The callers of AssumeRoleWithSAML / AssumeRoleWithWebIdentity: identities outside IAM. */
  | 'saml-user'
  | 'web-identity-user'
  /** A call made on behalf of an IAM Identity Center user with an Identity Center access token (no IAM session). */
  | 'identity-center-user'
  | 'unknown';

/** How an assumed-role session was obtained, for the explain output and logs. */
export type RoleSessionFlavor = 'role' | 'identity-center' | 'saml' | 'web-identity';

/** The IAM user or role whose tags are the principal's IAM tags. */
export interface IamPrincipalRef {
  kind: 'user' | 'role';
  /** The name ListUserTags / ListRoleTags take (no path). */
  name: string;
  /** The account that owns it: its tagger role is the only way to read its tags. */
  account: string;
  partition: string;
}

export interface Principal {
  kind: PrincipalKind;
  roleFlavor?: RoleSessionFlavor;
  /** The value of the Owner tag: the creator's ARN, the session ARN for a role session. */
  owner: string;
  /** The principal's own account, when the event names it. */
  account?: string;
  /** True when the principal belongs to another account than the event (a write allowed by a resource policy). */
  crossAccount: boolean;
  /** Whose IAM tags to read; absent for root, services and identities outside IAM. */
  iamPrincipal?: IamPrincipalRef;
  /** The temporary access key id that identifies an STS session with possible session tags. */
  sessionKey?: string;
  /** Only assumed-role and federated-user sessions can carry session tags. */
  mayHaveSessionTags: boolean;
  /** ISO 8601, from sessionContext.attributes.creationDate. */
  sessionCreatedAt?: string;
  /** The service that made the call on the principal's behalf (`cloudformation.amazonaws.com`). */
  invokedBy?: string;
  /**
   * The sign-in session behind credentials the sign-in service vended (console, `aws login`). Their access key was
   * not issued by an STS call, so no session record carries it: the session is looked up by its ARN instead.
   */
  signInSession?: string;
}

const TEMPORARY_KEY = /^ASIA[A-Z0-9]{12,}$/;
const IDENTITY_STORE_USER_ID = /^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolves the creator of a resource from the event's userIdentity. Pure; `eventAccount` is the account the
 * event was delivered from, used to spot principals of other accounts and to build ARNs the event leaves out.
 */
export function resolvePrincipal(raw: UserIdentity, eventAccount: string, region = 'us-east-1'): Principal {
  const identity = stringFieldsOf(raw);
  const partition = partitionOf(region);
  const account = identity.accountId ?? accountOfArn(identity.arn);
  const base: PrincipalBase = {
    account,
    crossAccount: account !== undefined && account !== eventAccount,
    invokedBy: identity.invokedBy,
    sessionCreatedAt: isoOrUndefined(identity.sessionContext?.attributes?.creationDate),
    ...(identity.sessionContext?.signInSessionArn ? { signInSession: identity.sessionContext.signInSessionArn } : {}),
  };
  const sessionKey =
    identity.accessKeyId && TEMPORARY_KEY.test(identity.accessKeyId) ? identity.accessKeyId : undefined;

  switch (identity.type) {
    case 'IAMUser':
    case 'User': {
      const name = identity.userName ?? lastSegment(identity.arn);
      const acct = account ?? eventAccount;
      const owner =
        identity.arn ?? (name ? iamArn(partition, acct, `user/${name}`) : fallbackOwner(identity, acct, partition));
      // An ASIA key of an IAM user is a console or GetSessionToken session: those never carry session tags.
      return withBase(base, {
        kind: 'iam-user',
        owner,
        iamPrincipal: name ? { kind: 'user', name, account: acct, partition } : undefined,
        mayHaveSessionTags: false,
      });
    }
    case 'AssumedRole': {
      const issuer = identity.sessionContext?.sessionIssuer;
      const roleName = issuer?.userName ?? roleNameFromSessionArn(identity.arn) ?? lastSegment(issuer?.arn);
      const acct = issuer?.accountId ?? account ?? eventAccount;
      return withBase(base, {
        kind: 'assumed-role',
        roleFlavor: roleFlavor(identity, roleName),
        owner: identity.arn ?? fallbackOwner(identity, acct, partition),
        iamPrincipal: roleName ? { kind: 'role', name: roleName, account: acct, partition } : undefined,
        sessionKey,
        mayHaveSessionTags: true,
      });
    }
    case 'FederatedUser': {
      // GetFederationToken sessions: the issuing IAM user's tags, overridden by the session tags passed on the call.
      const issuer = identity.sessionContext?.sessionIssuer;
      const userName = issuer?.userName ?? lastSegment(issuer?.arn);
      const acct = issuer?.accountId ?? account ?? eventAccount;
      return withBase(base, {
        kind: 'federated-user',
        owner: identity.arn ?? fallbackOwner(identity, acct, partition),
        iamPrincipal: userName ? { kind: 'user', name: userName, account: acct, partition } : undefined,
        sessionKey,
        mayHaveSessionTags: true,
      });
    }
    case 'Root':
      return withBase(base, {
        kind: 'root',
        owner: identity.arn ?? iamArn(partition, account ?? eventAccount, 'root'),
        mayHaveSessionTags: false,
      });
    case 'AWSService':
      return withBase(base, {
        kind: 'aws-service',
        owner: identity.invokedBy ?? fallbackOwner(identity, account ?? eventAccount, partition),
        mayHaveSessionTags: false,
      });
    case 'AWSAccount':
      return withBase(base, {
        kind: 'aws-account',
        owner:
          identity.arn ??
          (account ? iamArn(partition, account, 'root') : fallbackOwner(identity, eventAccount, partition)),
        mayHaveSessionTags: false,
      });
    case 'SAMLUser':
      return withBase(base, {
        kind: 'saml-user',
        owner: identity.userName ?? fallbackOwner(identity, eventAccount, partition),
        mayHaveSessionTags: false,
      });
    case 'WebIdentityUser':
      return withBase(base, {
        kind: 'web-identity-user',
        owner: identity.userName ?? fallbackOwner(identity, eventAccount, partition),
        mayHaveSessionTags: false,
      });
    case 'IdentityCenterUser': {
      // No IAM principal and no STS session: the Identity Store user is the creator. Its ARN names the user alone
      // (user ids are unique across identity stores); the credentialId is a token id and is never used.
      const userId = identity.onBehalfOf?.userId;
      const owner = userId
        ? `arn:${partition}:identitystore:::user/${userId}`
        : fallbackOwner(identity, account ?? eventAccount, partition);
      return withBase(base, { kind: 'identity-center-user', owner, mayHaveSessionTags: false });
    }
    default:
      return withBase(base, {
        kind: 'unknown',
        owner: fallbackOwner(identity, account ?? eventAccount, partition),
        mayHaveSessionTags: false,
      });
  }
}

/** The fields every principal has, whatever its kind. */
type PrincipalBase = Pick<Principal, 'account' | 'crossAccount' | 'invokedBy' | 'sessionCreatedAt' | 'signInSession'>;

/**
 * The principal: the common fields, then the kind's own, in that order. Added to `base` rather than spread with it
 * into a new literal: on Node 20 every field defined after a spread costs about a microsecond, on every event.
 */
function withBase(base: PrincipalBase, own: Omit<Principal, keyof PrincipalBase>): Principal {
  return Object.assign(base, own);
}

/**
 * The identity with every field that is not a string dropped. The event is only checked to have an object here,
 * and a mangled field must lead to a weaker principal (no ARN: the principal id names it), never to a crash.
 */
function stringFieldsOf(raw: UserIdentity): UserIdentity {
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const account = (v: unknown) => (isAccountId(v) ? v : undefined);
  const obj = (v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const ctx = obj(raw.sessionContext);
  const issuer = obj(ctx.sessionIssuer);
  const attributes = obj(ctx.attributes);
  return {
    type: text(raw.type),
    principalId: text(raw.principalId),
    arn: text(raw.arn),
    accountId: account(raw.accountId),
    accessKeyId: text(raw.accessKeyId),
    userName: text(raw.userName),
    invokedBy: text(raw.invokedBy),
    onBehalfOf: {
      userId: identityStoreUserId(obj(raw.onBehalfOf).userId),
      identityStoreArn: text(obj(raw.onBehalfOf).identityStoreArn),
    },
    sessionContext: {
      attributes: { creationDate: text(attributes.creationDate) },
      sessionIssuer: {
        type: text(issuer.type),
        arn: text(issuer.arn),
        accountId: account(issuer.accountId),
        userName: text(issuer.userName),
      },
      webIdFederationData: obj(ctx.webIdFederationData),
      signInSessionArn: text(ctx.signInSessionArn),
    },
  };
}

/** An Identity Store user id: a UUID, optionally behind a 10-character store prefix (`9067642ac7-…`). */
function identityStoreUserId(v: unknown): string | undefined {
  return typeof v === 'string' && IDENTITY_STORE_USER_ID.test(v) ? v : undefined;
}

function roleFlavor(identity: UserIdentity, roleName: string | undefined): RoleSessionFlavor {
  if (roleName?.startsWith('AWSReservedSSO_')) return 'identity-center';
  const fed = identity.sessionContext?.webIdFederationData;
  if (fed && typeof fed.federatedProvider === 'string')
    return /saml/i.test(fed.federatedProvider) ? 'saml' : 'web-identity';
  return 'role';
}

/** The best name the event gives when it has no ARN: the ARN, else the principal id, else the account root. */
function fallbackOwner(identity: UserIdentity, account: string, partition: string): string {
  return identity.arn ?? identity.principalId ?? iamArn(partition, account, 'root');
}

/** `arn:aws:sts::123:assumed-role/ROLE/SESSION` gives ROLE. */
function roleNameFromSessionArn(arn: string | undefined): string | undefined {
  const m = arn ? /:assumed-role\/([^/]+)\/[^/]+$/.exec(arn) : null;
  return m ? m[1] : undefined;
}

function lastSegment(arn: string | undefined): string | undefined {
  const s = arn?.split('/').pop();
  return s && !s.startsWith('arn:') ? s : undefined;
}

function isoOrUndefined(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
