import { z } from 'zod';
import {
  ACCOUNT_ID,
  ACCOUNT_ID_SOURCE,
  GLOBAL_REGION,
  isRegionCode,
  isSupportedPartition,
  MAX_TAG_KEY_LENGTH,
  parseArn,
  PARTITION_SOURCE,
  partitionOf,
  TAG_CHARACTER_SOURCE,
  TAG_CHARACTERS_TEXT,
} from '../../lambda/core/aws-syntax';
import { holderMarkerKey } from '../names';
import { exemptionSid } from './sid';

/*
 * The one config model of tagwarden. Every message says what is expected, so that the loader can print
 * "field: message (received: value)" and the admin knows the fix without reading this file.
 */

const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const OU_ID = /^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[a-z0-9]{4,32}$/;
/** IAM role names: 1-64 characters of [\w+=,.@-]. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const TAG_KEY = new RegExp(`^${TAG_CHARACTER_SOURCE}{1,${MAX_TAG_KEY_LENGTH}}$`, 'u');
const PRINCIPAL_ARN = new RegExp(`^arn:${PARTITION_SOURCE}:iam::${ACCOUNT_ID_SOURCE}:(role|user)/[\\w+=,.@/-]{1,512}$`);
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;

export const accountId = z
  .string()
  .regex(ACCOUNT_ID, 'must be a 12-digit AWS account id, quoted (for example "123456789012")');
const region = z.string().refine(isRegionCode, 'must be an AWS region code such as "us-east-1"');
const tagKey = z
  .string()
  .regex(TAG_KEY, `must be a valid tag key: 1-${MAX_TAG_KEY_LENGTH} characters, ${TAG_CHARACTERS_TEXT}`);

/** A glob on tag keys: `*` matches any run of characters. Matching is case-insensitive, like IAM tag keys. */
const tagKeyPattern = z.string().min(1, 'must be a non-empty pattern such as "team" or "cost-*"').max(128);

export const exemptionSchema = z
  .object({
    /** Short name of the use case; becomes part of the SCP statement id. */
    useCase: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'must be a short kebab-case name such as "access-keys"'),
    /** The principal tag key that exempts a principal; must start with the protected prefix. */
    tagKey,
    /** The value the tag must have. */
    tagValue: z.string().min(1).max(256).default('true'),
    /** The IAM actions denied to principals without the tag. */
    actions: z
      .array(z.string().regex(IAM_ACTION, 'must be an IAM action such as "iam:CreateAccessKey"'))
      .min(1, 'must list at least one action'),
  })
  .strict();

export const configSchema = z
  .object({
    /** The AWS Organizations id, `o-...`. */
    organizationId: z.string().regex(ORG_ID, 'must be an organization id such as "o-a1b2c3d4e5"'),
    /** The management account: deploys everything, owns the StackSets and the policies. */
    managementAccountId: accountId,
    /** The account that hosts the central bus, the session table and the functions. */
    centralAccountId: accountId,
    /** Region of the central stack. Its partition (`aws`, `aws-us-gov`, `aws-cn`) is the partition of everything. */
    homeRegion: region,
    /**
     * Every region whose create and STS events are captured, all in the home region's partition. Must include that
     * partition's global region (us-east-1, us-gov-west-1, cn-north-1): IAM events are delivered there.
     */
    governedRegions: z.array(region).min(1, 'must list at least one region'),
    /** OUs (or the root) whose accounts are enrolled by the service-managed StackSets. */
    targetOus: z
      .array(
        z
          .string()
          .regex(
            new RegExp(`${OU_ID.source}|${ROOT_ID.source}`),
            'must be an OU id ("ou-xxxx-xxxxxxxx") or a root id ("r-xxxx")',
          ),
      )
      .min(1, 'must list at least one OU or the root'),
    /** Accounts inside the target OUs that are not enrolled. */
    excludedAccounts: z.array(accountId).default([]),
    /** Name of the locked role that the central tagger assumes in each account. */
    taggerRoleName: z
      .string()
      .regex(ROLE_NAME, 'must be an IAM role name (1-64 of letters, digits and +=,.@_-)')
      .default('tagger'),
    /** Tag key prefix that only the tagger role may set on principals or pass as session tags. */
    protectedTagPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_.:/=+@-]{1,64}$/, 'must be a tag key prefix such as "scp-" (no spaces or wildcards)')
      .default('scp-'),
    /**
     * Principals (role or user ARNs) allowed to assume the tagger role, for `tagwarden grant`. Only principals of the
     * management account: every tagger role trusts them, so a member account's admin principal would hand that
     * account's admins the tagger role of every account (docs/threat-model.md).
     */
    adminPrincipals: z
      .array(
        z
          .string()
          .regex(PRINCIPAL_ARN, 'must be an IAM role or user ARN such as "arn:aws:iam::111111111111:role/OrgAdmin"'),
      )
      .default([]),
    /** Tag key of the creator's ARN on every tagged resource. */
    ownerTagKey: tagKey.default('Owner'),
    /** Which principal tags are propagated. Exclude wins over include. */
    propagation: z
      .object({
        include: z.array(tagKeyPattern).default(['*']),
        exclude: z.array(tagKeyPattern).default([]),
      })
      .strict()
      .default({ include: ['*'], exclude: [] }),
    /**
     * What happens when a resource already has a value for a key: keep it (default) or overwrite it. The Owner tag
     * is always written.
     */
    conflict: z.enum(['keep', 'overwrite']).default('keep'),
    /**
     * A creator of another account than the resource (a write its resource policy allowed): `owner` (default) writes
     * only the Owner tag; `full` also reads the creator's IAM tags through its account's tagger role and copies them.
     */
    crossAccountCreators: z
      .enum(['owner', 'full'], 'must be "owner" (write only the Owner tag) or "full" (also copy the creator\'s tags)')
      .default('owner'),
    /** The SCP exemption use cases, one tag key each. */
    exemptions: z.array(exemptionSchema).default([]),
    /** Email addresses subscribed to the alarm topic. */
    alarmEmails: z.array(z.email('must be an email address')).default([]),
    /** StackSet rollout choices for the member accounts. */
    stackSets: z
      .object({
        /** Keep the member stacks (and so the tagger role) when an account leaves a target OU. */
        retainStacksOnAccountRemoval: z.boolean().default(false),
        maxConcurrentPercentage: z.number().int().min(1).max(100).default(25),
        failureTolerancePercentage: z.number().int().min(0).max(100).default(10),
      })
      .strict()
      .default({ retainStacksOnAccountRemoval: false, maxConcurrentPercentage: 25, failureTolerancePercentage: 10 }),
    /** Tagger tuning. */
    tagger: z
      .object({
        /** Reserved concurrency of the tagger function: bounds the IAM and tagging call rate. */
        maxConcurrency: z.number().int().min(2).max(1000).default(10),
        /** Seconds after a session starts during which a missing session record means "wait", not "absent". */
        sessionDeliveryWindowSeconds: z.number().int().min(0).max(3600).default(900),
        /** Seconds an IAM principal's tags are cached. */
        iamTagCacheSeconds: z.number().int().min(0).max(3600).default(300),
        /** SQS receives before an event is parked in the DLQ. */
        maxReceives: z.number().int().min(1).max(100).default(8),
      })
      .strict()
      .default({ maxConcurrency: 10, sessionDeliveryWindowSeconds: 900, iamTagCacheSeconds: 300, maxReceives: 8 }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const partition = partitionOf(c.homeRegion);
    if (!isSupportedPartition(partition)) {
      issue(
        ['homeRegion'],
        `is in the ${partition} partition, which tagwarden does not support: use a region of aws, aws-us-gov or aws-cn`,
      );
    } else {
      c.governedRegions.forEach((r, i) => {
        const other = partitionOf(r);
        if (other !== partition) {
          issue(
            ['governedRegions', i],
            `is in the ${other} partition, but homeRegion ${c.homeRegion} is in ${partition}: an organization lives in one partition, so list only ${partition} regions`,
          );
        }
      });
      const global = GLOBAL_REGION[partition];
      if (!c.governedRegions.includes(global)) {
        issue(
          ['governedRegions'],
          `must include "${global}", the global region of the ${partition} partition: IAM events and global-endpoint STS events are delivered there`,
        );
      }
      c.adminPrincipals.forEach((arn, i) => {
        // An ARN that is not one is already refused by its own rule.
        const other = parseArn(arn)?.partition;
        if (other !== undefined && other !== partition) {
          issue(
            ['adminPrincipals', i],
            `is in the ${other} partition, but the org is in ${partition} (homeRegion ${c.homeRegion}): write it as arn:${partition}:iam::...`,
          );
        }
      });
    }
    if (!c.governedRegions.includes(c.homeRegion)) {
      issue(
        ['homeRegion'],
        `must be one of governedRegions (${c.governedRegions.join(', ')}): the central stack lives in a governed region`,
      );
    }
    repeatedIndexes(c.governedRegions).forEach((i) =>
      issue(['governedRegions', i], 'is listed twice; remove the duplicate'),
    );
    repeatedIndexes(c.targetOus).forEach((i) => issue(['targetOus', i], 'is listed twice; remove the duplicate'));
    if (c.excludedAccounts.includes(c.centralAccountId)) {
      issue(
        ['excludedAccounts'],
        'must not contain centralAccountId: the central account belongs to the org and must be enrolled',
      );
    }
    if (c.excludedAccounts.includes(c.managementAccountId)) {
      issue(
        ['excludedAccounts'],
        'must not contain managementAccountId: it is covered by its own stacks, not by the StackSets',
      );
    }
    const prefix = c.protectedTagPrefix.toLowerCase();
    c.exemptions.forEach((e, i) => {
      if (!e.tagKey.toLowerCase().startsWith(prefix)) {
        issue(
          ['exemptions', i, 'tagKey'],
          `must start with protectedTagPrefix "${c.protectedTagPrefix}", or any principal could tag itself exempt`,
        );
      }
    });
    const useCases = c.exemptions.map((e) => e.useCase);
    repeatedIndexes(useCases).forEach((i) =>
      issue(['exemptions', i, 'useCase'], 'is used twice; each use case needs its own name'),
    );
    // Dropping the hyphens can make two names one statement id (`1-2`, `12`); Sids are compared without case.
    const sids = useCases.map((u) => exemptionSid(u).toLowerCase());
    repeatedIndexes(sids).forEach((i) => {
      if (repeatedIndexes(useCases).includes(i)) return;
      const first = useCases[sids.indexOf(sids[i])];
      issue(
        ['exemptions', i, 'useCase'],
        `gives the same statement id (${exemptionSid(useCases[i])}) as use case "${first}", because hyphens are dropped and case is ignored; rename one of them`,
      );
    });
    const keys = c.exemptions.map((e) => e.tagKey.toLowerCase());
    repeatedIndexes(keys).forEach((i) =>
      issue(
        ['exemptions', i, 'tagKey'],
        'is used by another use case (keys compare case-insensitively); use one tag key per use case',
      ),
    );
    if (c.ownerTagKey.toLowerCase().startsWith(prefix) || c.ownerTagKey.toLowerCase().startsWith('aws:')) {
      issue(
        ['ownerTagKey'],
        `must not start with "${c.protectedTagPrefix}" or "aws:": those keys are never written to resources`,
      );
    }
    c.adminPrincipals.forEach((arn, i) => {
      if (arn.endsWith(`:role/${c.taggerRoleName}`))
        issue(['adminPrincipals', i], 'must not be the tagger role itself: name the admin role that assumes it');
      else if (arn.split(':')[4] !== c.managementAccountId) {
        issue(
          ['adminPrincipals', i],
          `must be a principal of the management account (${c.managementAccountId}): every tagger role trusts it, so any other account's admins could rewrite it and grant protected tags in every account`,
        );
      }
    });
    const marker = holderMarkerKey(c.protectedTagPrefix).toLowerCase();
    c.exemptions.forEach((e, i) => {
      if (e.tagKey.toLowerCase() === marker)
        issue(
          ['exemptions', i, 'tagKey'],
          `must not be "${marker}": tagwarden grant sets that key on every holder; pick another key`,
        );
    });
  });

function repeatedIndexes<T>(values: T[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) !== i ? [i] : []));
}

/** The validated config, defaults applied. */
export type TagwardenConfig = z.output<typeof configSchema>;
export type Exemption = z.output<typeof exemptionSchema>;
