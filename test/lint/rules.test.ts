import { lintPolicy, LintOptions, RULES } from '../../lib/lint';
import {
  DENY_LONG_TERM_CREDENTIALS,
  DENY_PRINCIPAL_TAGGING,
  EC2_CREATE,
  EC2_TAG_ON_CREATE,
  policy,
  RCP_COMBINED,
  RCP_NON_TAGGER,
  RCP_OUTSIDE_ORG,
  SNS_CREATE_AND_TAG,
  SNS_DELETE,
  SNS_RETAG,
  SNS_TAG_KEY_ALLOWLIST,
  TAGGING_API_MINIMAL,
  withCondition,
} from './seed-snippets';

async function found(doc: unknown, rule: string, options: LintOptions = {}) {
  expect(RULES.map((r) => r.id)).toContain(rule);
  return (await lintPolicy(doc, options)).findings.filter((f) => f.rule === rule);
}

const CASE_VARIANTS = ['scp-*', 'Scp-*', 'sCp-*', 'SCp-*', 'scP-*', 'ScP-*', 'sCP-*', 'SCP-*'];
const allVariants = (stmt: Record<string, unknown>) =>
  withCondition(stmt, (c) => (c['ForAnyValue:StringLike']['aws:TagKeys'] = CASE_VARIANTS));

describe('tag-on-create-no-resource-tag', () => {
  test("flags the seed's create-and-tag statement without its aws:ResourceTag check (the form AWS examples use)", async () => {
    const stmt = withCondition(SNS_CREATE_AND_TAG, (c) => delete c.StringEquals['aws:ResourceTag/project']);
    const [f, ...rest] = await found(policy(stmt), 'tag-on-create-no-resource-tag');
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ severity: 'error', statement: 'Statement[0]' });
    expect(f.message).toContain('sns:TagResource');
    expect(f.message).toContain('aws:ResourceTag/project');
  });

  test("passes the seed's statement that checks both tags", async () => {
    expect(await found(policy(SNS_CREATE_AND_TAG), 'tag-on-create-no-resource-tag')).toEqual([]);
  });

  test('ec2:CreateTags without ec2:CreateAction is flagged and the fix names ec2:CreateAction', async () => {
    const stmt = {
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/project': 'a' } },
    };
    const [f] = await found(policy(stmt), 'tag-on-create-no-resource-tag');
    expect(f.fix).toContain('ec2:CreateAction');
  });

  test('SCP allow statements grant nothing and are not judged', async () => {
    const stmt = withCondition(SNS_CREATE_AND_TAG, (c) => delete c.StringEquals['aws:ResourceTag/project']);
    expect(await found(policy(stmt), 'tag-on-create-no-resource-tag', { type: 'scp' })).toEqual([]);
  });
});

describe('tag-on-create-no-request-tag', () => {
  test("flags the seed's create-and-tag statement without its aws:RequestTag check", async () => {
    const stmt = withCondition(SNS_CREATE_AND_TAG, (c) => delete c.StringEquals['aws:RequestTag/project']);
    const [f, ...rest] = await found(policy(stmt), 'tag-on-create-no-request-tag');
    expect(rest).toHaveLength(0);
    expect(f.severity).toBe('error');
    expect(f.message).toContain('aws:RequestTag/project');
  });

  test("passes the seed's statements: both checks, or aws:ResourceTag with the aws:TagKeys guard", async () => {
    expect(await found(policy(SNS_CREATE_AND_TAG, SNS_DELETE, SNS_RETAG), 'tag-on-create-no-request-tag')).toEqual([]);
  });
});

describe('tag-keys-guard-missing', () => {
  test("flags the seed's re-tagging statement without its ForAllValues:StringNotEquals aws:TagKeys guard", async () => {
    const stmt = withCondition(SNS_RETAG, (c) => delete c['ForAllValues:StringNotEquals']);
    const findings = await found(policy(SNS_CREATE_AND_TAG, SNS_DELETE, stmt), 'tag-keys-guard-missing');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ statement: 'Statement[2]', severity: 'error' });
    expect(findings[0].message).toContain('sns:UntagResource');
  });

  test('flags an unconditioned tagging grant in a policy that decides access by aws:ResourceTag', async () => {
    const tagAnything = { Effect: 'Allow', Action: ['sns:TagResource', 'sns:UntagResource'], Resource: '*' };
    const findings = await found(policy(SNS_DELETE, tagAnything), 'tag-keys-guard-missing');
    expect(findings.map((f) => f.statement)).toEqual(['Statement[1]']);
  });

  test("passes the seed's full three-statement ABAC policy", async () => {
    expect(await found(policy(SNS_CREATE_AND_TAG, SNS_DELETE, SNS_RETAG), 'tag-keys-guard-missing')).toEqual([]);
  });

  test('passes tagging grants when no tag decides access (the seed minimal tagging-API policy)', async () => {
    expect((await lintPolicy(TAGGING_API_MINIMAL)).findings).toEqual([]);
  });
});

describe('for-all-values-vacuous', () => {
  const requireProjectTag = {
    Effect: 'Allow',
    Action: 'sns:CreateTopic',
    Resource: '*',
    Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['project'] } },
  };

  test('warns when ForAllValues:StringEquals on aws:TagKeys is the only tag requirement', async () => {
    const [f] = await found(policy(requireProjectTag), 'for-all-values-vacuous');
    expect(f.severity).toBe('warning');
    expect(f.fix).toContain('"Null": {"aws:TagKeys": "false"}');
  });

  test('is an error on a single-valued key: a principal without the tag is allowed', async () => {
    const stmt = {
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': 'a' } },
    };
    const [f] = await found(policy(stmt), 'for-all-values-vacuous');
    expect(f.severity).toBe('error');
  });

  test('passes with a Null check, and never flags the seed ForAllValues:StringNotEquals guard', async () => {
    const withNull = withCondition(requireProjectTag, (c) => (c.Null = { 'aws:TagKeys': 'false' }));
    expect(await found(policy(withNull), 'for-all-values-vacuous')).toEqual([]);
    expect(await found(policy(SNS_CREATE_AND_TAG, SNS_DELETE, SNS_RETAG), 'for-all-values-vacuous')).toEqual([]);
  });
});

describe('deny-for-all-values-negated', () => {
  test("flags the seed's tag-key allow-list written with ForAllValues instead of ForAnyValue", async () => {
    const stmt = withCondition(SNS_TAG_KEY_ALLOWLIST, (c) => {
      c['ForAllValues:StringNotEquals'] = c['ForAnyValue:StringNotEquals'];
      delete c['ForAnyValue:StringNotEquals'];
    });
    const [f] = await found(policy(stmt), 'deny-for-all-values-negated');
    expect(f.fix).toContain('ForAnyValue:StringNotEquals');
  });

  test("passes the seed's allow-list as written", async () => {
    expect(await found(policy(SNS_TAG_KEY_ALLOWLIST), 'deny-for-all-values-negated')).toEqual([]);
  });
});

describe('multivalued-key-single-operator', () => {
  test('flags the seed SCP guard with StringLike instead of ForAnyValue:StringLike on aws:TagKeys', async () => {
    const stmt = withCondition(DENY_PRINCIPAL_TAGGING, (c) => {
      c.StringLike = c['ForAnyValue:StringLike'];
      delete c['ForAnyValue:StringLike'];
    });
    const [f] = await found(policy(stmt), 'multivalued-key-single-operator');
    expect(f.statement).toBe('DenyIAMPrincipalTagging');
    expect(f.message).toContain('ArrayOfString');
  });

  test('passes the seed guard with its set operator', async () => {
    expect(await found(policy(DENY_PRINCIPAL_TAGGING), 'multivalued-key-single-operator')).toEqual([]);
  });
});

describe('case-sensitive-principal-tag-guard', () => {
  test('flags the seed SCP and RCP guards, which only list "scp-*"', async () => {
    const scp = await found(policy(DENY_PRINCIPAL_TAGGING), 'case-sensitive-principal-tag-guard');
    expect(scp).toHaveLength(1);
    expect(scp[0].message).toContain('"Scp-*"');
    expect(scp[0].fix).toContain('8 values');
    const rcp = await found(policy(RCP_NON_TAGGER, RCP_OUTSIDE_ORG), 'case-sensitive-principal-tag-guard');
    expect(rcp.map((f) => f.statement)).toEqual(['DenySCPTagsNonTaggerRole', 'DenySCPTagsOutsideOrg']);
  });

  test('flags a guard that misses one variant, naming the missing one', async () => {
    const stmt = withCondition(
      DENY_PRINCIPAL_TAGGING,
      (c) => (c['ForAnyValue:StringLike']['aws:TagKeys'] = CASE_VARIANTS.filter((v) => v !== 'sCP-*')),
    );
    const [f] = await found(policy(stmt), 'case-sensitive-principal-tag-guard');
    expect(f.message).toContain('"sCP-*"');
  });

  test('asks for the IgnoreCase operator on exact keys in an Allow guard', async () => {
    const stmt = {
      Effect: 'Allow',
      Action: 'iam:TagUser',
      Resource: '*',
      Condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': 'project' } },
    };
    const [f] = await found(policy(stmt), 'case-sensitive-principal-tag-guard');
    expect(f.fix).toBe('use ForAllValues:StringNotEqualsIgnoreCase');
  });

  test('passes guards that list every case variant or ignore case, and allow-lists (they reject other spellings)', async () => {
    expect(await found(policy(allVariants(DENY_PRINCIPAL_TAGGING)), 'case-sensitive-principal-tag-guard')).toEqual([]);
    const ignoreCase = {
      Effect: 'Allow',
      Action: 'iam:TagUser',
      Resource: '*',
      Condition: { 'ForAllValues:StringNotEqualsIgnoreCase': { 'aws:TagKeys': 'project' } },
    };
    const allowList = {
      Effect: 'Allow',
      Action: 'iam:TagUser',
      Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
    };
    expect(await found(policy(ignoreCase, allowList), 'case-sensitive-principal-tag-guard')).toEqual([]);
  });

  test('a long prefix cannot be enumerated: the fix says to shorten it; all variants of a short one pass', async () => {
    const longPrefix = withCondition(
      DENY_PRINCIPAL_TAGGING,
      (c) => (c['ForAnyValue:StringLike']['aws:TagKeys'] = 'protected-*'),
    );
    const [f] = await found(policy(longPrefix), 'case-sensitive-principal-tag-guard');
    expect(f.fix).toContain('shorten the literal part of "protected-*"');
    const variants = ['ab-*', 'Ab-*', 'aB-*', 'AB-*'];
    const short = withCondition(DENY_PRINCIPAL_TAGGING, (c) => (c['ForAnyValue:StringLike']['aws:TagKeys'] = variants));
    expect(await found(policy(short), 'case-sensitive-principal-tag-guard')).toEqual([]);
  });

  test('ſ spellings (the folding hedge) neither stand in for a missing letter-case variant nor count as a prefix of their own', async () => {
    const hedge = ['\u017Fcp-*', '\u017FCp-*', '\u017FcP-*', '\u017FCP-*'];
    const full = withCondition(
      DENY_PRINCIPAL_TAGGING,
      (c) => (c['ForAnyValue:StringLike']['aws:TagKeys'] = [...CASE_VARIANTS, ...hedge]),
    );
    expect(await found(policy(full), 'case-sensitive-principal-tag-guard')).toEqual([]);
    const swapped = withCondition(
      DENY_PRINCIPAL_TAGGING,
      (c) =>
        (c['ForAnyValue:StringLike']['aws:TagKeys'] = [...CASE_VARIANTS.filter((v) => !v.startsWith('S')), ...hedge]),
    );
    const [f] = await found(policy(swapped), 'case-sensitive-principal-tag-guard');
    expect(f.message).toContain('"Scp-*"');
  });

  test('ignores tag keys of other resources, which are case-sensitive', async () => {
    expect(await found(policy(SNS_RETAG), 'case-sensitive-principal-tag-guard')).toEqual([]);
  });
});

describe('deny-and-of-negations', () => {
  test('flags the single RCP statement the seed shows leaving two gaps', async () => {
    const [f] = await found(policy(RCP_COMBINED), 'deny-and-of-negations');
    expect(f).toMatchObject({ statement: 'DenySCPTagsCombined', severity: 'warning' });
    expect(f.message).toContain('aws:PrincipalArn AND');
  });

  test("passes the seed's two-statement RCP", async () => {
    expect(await found(policy(RCP_NON_TAGGER, RCP_OUTSIDE_ORG), 'deny-and-of-negations')).toEqual([]);
  });
});

describe('S3 rules', () => {
  const objectRead = (condition: Record<string, unknown>) =>
    policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: condition });

  test('s3-object-aws-tag-key: aws:RequestTag and aws:TagKeys on object actions are errors, aws:ResourceTag a warning', async () => {
    const tagged = policy({
      Effect: 'Allow',
      Action: 's3:PutObjectTagging',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:RequestTag/project': 'a' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['project'] },
      },
    });
    const findings = await found(tagged, 's3-object-aws-tag-key');
    expect(findings.map((f) => [f.severity, f.fix])).toEqual([
      ['error', 'use "s3:RequestObjectTag/project" instead of "aws:RequestTag/project"'],
      ['error', 'use "s3:RequestObjectTagKeys" instead of "aws:TagKeys"'],
    ]);
    const [byResourceTag] = await found(
      objectRead({ StringEquals: { 'aws:ResourceTag/project': 'a' } }),
      's3-object-aws-tag-key',
    );
    expect(byResourceTag.severity).toBe('warning');
    expect(byResourceTag.fix).toContain('s3:ExistingObjectTag/project');
  });

  test('s3-object-aws-tag-key: passes the S3 keys', async () => {
    expect(
      await found(objectRead({ StringEquals: { 's3:ExistingObjectTag/project': 'a' } }), 's3-object-aws-tag-key'),
    ).toEqual([]);
  });

  test('s3-object-tag-unsupported: object tags do not govern PutObject/DeleteObject', async () => {
    const doc = policy({
      Effect: 'Allow',
      Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: '*',
      Condition: { StringEquals: { 's3:ExistingObjectTag/project': 'a' } },
    });
    const [f] = await found(doc, 's3-object-tag-unsupported');
    expect(f.message).toContain('s3:DeleteObject, s3:DeleteObjectVersion');
    expect(
      await found(objectRead({ StringEquals: { 's3:ExistingObjectTag/project': 'a' } }), 's3-object-tag-unsupported'),
    ).toEqual([]);
  });

  test('s3-bucket-abac-opt-in: warns on bucket actions decided by aws:ResourceTag', async () => {
    const doc = policy({
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/project': 'a' } },
    });
    const [f] = await found(doc, 's3-bucket-abac-opt-in');
    expect(f.severity).toBe('warning');
    expect(
      await found(
        policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }),
        's3-bucket-abac-opt-in',
      ),
    ).toEqual([]);
  });

  test('a wildcard pattern is not blamed for the actions it also matches', async () => {
    expect(
      await found(
        policy({
          Effect: 'Allow',
          Action: 's3:*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceTag/p': 'a' } },
        }),
        's3-bucket-abac-opt-in',
      ),
    ).toEqual([]);
  });
});

describe('s3-replace-all-tagging', () => {
  const objectAbac = {
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: '*',
    Condition: { StringEquals: { 's3:ExistingObjectTag/project': '${aws:PrincipalTag/project}' } },
  };

  test('an aws:TagKeys-style guard on s3:PutObjectTagging does not stop the key from being dropped', async () => {
    const retag = {
      Effect: 'Allow',
      Action: 's3:PutObjectTagging',
      Resource: '*',
      Condition: { 'ForAllValues:StringNotEquals': { 's3:RequestObjectTagKeys': ['project'] } },
    };
    const [f] = await found(policy(objectAbac, retag), 's3-replace-all-tagging');
    expect(f).toMatchObject({ statement: 'Statement[1]', severity: 'error' });
    expect(f.message).toContain('leaves project out removes it');
  });

  test('deleting object tags strips the tag that decides access', async () => {
    const strip = { Effect: 'Allow', Action: 's3:DeleteObjectTagging', Resource: '*' };
    const [f] = await found(policy(objectAbac, strip), 's3-replace-all-tagging');
    expect(f.message).toContain('including project');
  });

  test('passes tag rewrites pinned with s3:ExistingObjectTag and s3:RequestObjectTag', async () => {
    const pinned = {
      Effect: 'Allow',
      Action: 's3:PutObjectTagging',
      Resource: '*',
      Condition: {
        StringEquals: {
          's3:ExistingObjectTag/project': '${aws:PrincipalTag/project}',
          's3:RequestObjectTag/project': '${aws:PrincipalTag/project}',
        },
      },
    };
    expect(await found(policy(objectAbac, pinned), 's3-replace-all-tagging')).toEqual([]);
  });
});

describe('resource-policy-resource-tag', () => {
  const queuePolicy = (condition?: object) =>
    policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sqs:SendMessage',
      Resource: '*',
      ...(condition ? { Condition: condition } : {}),
    });

  test('flags aws:ResourceTag in an SQS queue policy', async () => {
    const [f] = await found(
      queuePolicy({ StringEquals: { 'aws:ResourceTag/team': 'a' } }),
      'resource-policy-resource-tag',
    );
    expect(f.message).toContain('SQS does not evaluate aws:ResourceTag/team');
  });

  test('passes a queue policy limited by principal, and the same condition in an identity policy', async () => {
    expect(await found(queuePolicy(), 'resource-policy-resource-tag')).toEqual([]);
    const identity = policy({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } },
    });
    expect(await found(identity, 'resource-policy-resource-tag')).toEqual([]);
  });
});

describe('tag-key-unsupported', () => {
  test('flags Route 53 and logs:DescribeLogGroups decided by aws:ResourceTag (per the AWS data)', async () => {
    const doc = policy({
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets', 'logs:DescribeLogGroups'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } },
    });
    const [f] = await found(doc, 'tag-key-unsupported');
    expect(f.message).toContain('route53:ChangeResourceRecordSets, logs:DescribeLogGroups');
    expect(f.message).toContain('never matches');
  });

  test('in a Deny, a negated condition on a missing key is reported as denying everything', async () => {
    const doc = policy({
      Effect: 'Deny',
      Action: 'route53:ChangeResourceRecordSets',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:ResourceTag/team': 'a' } },
    });
    const [f] = await found(doc, 'tag-key-unsupported');
    expect(f.message).toContain('applies to every request');
  });

  test("passes the seed's SNS policy and DynamoDB tables, which the data lists as supporting aws:ResourceTag", async () => {
    expect(await found(policy(SNS_CREATE_AND_TAG, SNS_DELETE, SNS_RETAG), 'tag-key-unsupported')).toEqual([]);
    const dynamo = policy({
      Effect: 'Allow',
      Action: 'dynamodb:GetItem',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } },
    });
    expect(await found(dynamo, 'tag-key-unsupported')).toEqual([]);
  });
});

describe('EC2 rules', () => {
  test("ec2-create-action-wildcard: flags the seed's CreateTags statement with a Create* wildcard", async () => {
    const stmt = withCondition(EC2_TAG_ON_CREATE, (c) => {
      c.StringLike = { 'ec2:CreateAction': ['Create*', 'RunInstances'] };
      delete c.StringEquals;
    });
    const [f] = await found(policy(EC2_CREATE, stmt), 'ec2-create-action-wildcard');
    expect(f).toMatchObject({ statement: 'Statement[1]', severity: 'error' });
    expect(f.message).toContain('"Create*"');
  });

  test('ec2-create-action-wildcard: passes the seed statement that names each action', async () => {
    expect(await found(policy(EC2_CREATE, EC2_TAG_ON_CREATE), 'ec2-create-action-wildcard')).toEqual([]);
  });

  test("ec2-create-resource-tag: flags the seed's create statement checking aws:ResourceTag instead of aws:RequestTag", async () => {
    const stmt = withCondition(
      EC2_CREATE,
      (c) => (c.StringEquals = { 'aws:ResourceTag/project': '${aws:PrincipalTag/project}' }),
    );
    const [f] = await found(policy(stmt), 'ec2-create-resource-tag');
    expect(f.message).toContain('ec2:CreateSecurityGroup, ec2:CreateImage, ec2:CreateVolume and 1 more');
    expect(f.fix).toContain('aws:RequestTag/project');
  });

  test('ec2-create-resource-tag: passes the seed statements, and aws:ResourceTag scoped to existing subnets', async () => {
    expect(await found(policy(EC2_CREATE, EC2_TAG_ON_CREATE), 'ec2-create-resource-tag')).toEqual([]);
    const subnets = {
      Effect: 'Allow',
      Action: 'ec2:RunInstances',
      Resource: 'arn:aws:ec2:*:*:subnet/*',
      Condition: { StringEquals: { 'aws:ResourceTag/project': 'a' } },
    };
    expect(await found(policy(subnets), 'ec2-create-resource-tag')).toEqual([]);
  });

  test('the seed EC2 pair raises no tag-on-create finding: ec2:CreateAction limits CreateTags to new resources', async () => {
    const findings = (await lintPolicy(policy(EC2_CREATE, EC2_TAG_ON_CREATE))).findings;
    expect(findings.filter((f) => f.rule.startsWith('tag-'))).toEqual([]);
  });
});

describe('passrole-resource-tag', () => {
  test('flags iam:PassRole limited by tags on the role', async () => {
    const doc = policy({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
    });
    const [f] = await found(doc, 'passrole-resource-tag');
    expect(f.fix).toContain('iam:PassedToService');
  });

  test('passes iam:PassRole limited by role ARN and service', async () => {
    const doc = policy({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::*:role/app-*',
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    });
    expect(await found(doc, 'passrole-resource-tag')).toEqual([]);
  });
});

describe('principal-tag-unguarded', () => {
  test('flags the seed SCP when its tag is outside the protected prefix and nothing guards it (an SCP: error)', async () => {
    const [f] = await found(policy(DENY_LONG_TERM_CREDENTIALS), 'principal-tag-unguarded', {
      protectedPrefix: 'guarded-',
    });
    expect(f).toMatchObject({ statement: 'DenyLongTermCredentialCreation', severity: 'error' });
    expect(f.fix).toContain('"guarded-"');
  });

  test('is a warning in identity policies (the seed ABAC policy trusts aws:PrincipalTag/project)', async () => {
    const [f] = await found(policy(SNS_CREATE_AND_TAG, SNS_DELETE, SNS_RETAG), 'principal-tag-unguarded');
    expect(f).toMatchObject({ severity: 'warning', statement: 'Statement[0]' });
  });

  test('passes under the protected prefix, or when the policy guards the key itself', async () => {
    expect(await found(policy(DENY_LONG_TERM_CREDENTIALS), 'principal-tag-unguarded')).toEqual([]);
    const guarded = policy(DENY_LONG_TERM_CREDENTIALS, allVariants(DENY_PRINCIPAL_TAGGING));
    expect(await found(guarded, 'principal-tag-unguarded', { protectedPrefix: 'guarded-' })).toEqual([]);
  });
});

describe('principal-tag-self-tagging', () => {
  const tagUsers = { Effect: 'Allow', Action: ['iam:TagUser', 'iam:UntagUser'], Resource: '*' };

  test('flags a policy that trusts aws:PrincipalTag/project and lets principals tag users freely', async () => {
    const [f] = await found(policy(SNS_DELETE, tagUsers), 'principal-tag-self-tagging');
    expect(f.statement).toBe('Statement[1]');
    expect(f.message).toContain('aws:PrincipalTag/project');
  });

  test('passes when the tagging grant keeps the key out', async () => {
    const guarded = {
      ...tagUsers,
      Condition: { 'ForAllValues:StringNotEqualsIgnoreCase': { 'aws:TagKeys': ['project'] } },
    };
    expect(await found(policy(SNS_DELETE, guarded), 'principal-tag-self-tagging')).toEqual([]);
  });
});

describe('negated-missing-key', () => {
  test('warns on an Allow whose negated test also matches untagged resources', async () => {
    const doc = policy({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:ResourceTag/stage': 'prod' } },
    });
    const [f] = await found(doc, 'negated-missing-key');
    expect(f.fix).toContain('"Null": {"aws:ResourceTag/stage": "false"}');
  });

  test('passes with a Null check or an explicit IfExists', async () => {
    const nullChecked = policy({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:ResourceTag/stage': 'prod' }, Null: { 'aws:ResourceTag/stage': 'false' } },
    });
    const ifExists = policy({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:ResourceTag/stage': 'prod' } },
    });
    expect(await found(nullChecked, 'negated-missing-key')).toEqual([]);
    expect(await found(ifExists, 'negated-missing-key')).toEqual([]);
  });

  test('never flags a Deny: the seed SCP and RCP deny on the missing tag or org on purpose', async () => {
    expect(await found(policy(DENY_LONG_TERM_CREDENTIALS), 'negated-missing-key')).toEqual([]);
    expect(await found(policy(RCP_NON_TAGGER, RCP_OUTSIDE_ORG), 'negated-missing-key')).toEqual([]);
  });
});

describe('rcp-unsupported-service', () => {
  test('flags IAM actions in an RCP: RCPs cannot govern iam:TagRole', async () => {
    const asRcp = { ...DENY_PRINCIPAL_TAGGING, Principal: '*' };
    const [f] = await found(policy(asRcp), 'rcp-unsupported-service');
    expect(f.message).toContain('iam:TagRole');
    expect(f.fix).toContain('SCP');
  });

  test("passes the seed's RCP (sts:TagSession)", async () => {
    expect(await found(policy(RCP_NON_TAGGER, RCP_OUTSIDE_ORG), 'rcp-unsupported-service')).toEqual([]);
  });
});
