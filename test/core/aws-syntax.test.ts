import fc from 'fast-check';
import {
  accountOfArn,
  formatArn,
  GLOBAL_REGION,
  iamArn,
  isAccountId,
  nonTagCharacters,
  parseArn,
  partitionOf,
  sessionArnAccount,
  tagKeyProblem,
  tagValueProblem,
} from '../../lambda/core/aws-syntax';

describe('partitions', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });

  it('puts each global region in its own partition', () => {
    for (const [partition, region] of Object.entries(GLOBAL_REGION)) expect(partitionOf(region)).toBe(partition);
  });
});

describe('account ids', () => {
  it('are exactly twelve digits', () => {
    expect(isAccountId('012345678901')).toBe(true);
    for (const bad of ['12345678901', '1234567890123', '12345678901a', ' 123456789012', 123456789012, undefined])
      expect(isAccountId(bad)).toBe(false);
  });
});

describe('ARNs', () => {
  it('parse into their fields, colons of the resource kept', () => {
    expect(parseArn('arn:aws-cn:rds:cn-north-1:123456789012:db:orders')).toEqual({
      partition: 'aws-cn',
      service: 'rds',
      region: 'cn-north-1',
      account: '123456789012',
      resource: 'db:orders',
    });
    expect(parseArn('arn:aws:s3:::bucket')?.account).toBe('');
    expect(parseArn('not:an:arn:at:all:x')).toBeUndefined();
    expect(parseArn('arn:aws:iam::123456789012')).toBeUndefined();
  });

  it('format back to the text they were parsed from', () => {
    const field = fc.stringMatching(/^[a-z0-9-]{0,12}$/);
    fc.assert(
      fc.property(
        field,
        field,
        field,
        field,
        fc.string({ maxLength: 40 }),
        (partition, service, region, account, resource) => {
          const text = formatArn({ partition: `aws${partition}`, service: `s${service}`, region, account, resource });
          expect(formatArn(parseArn(text)!)).toBe(text);
        },
      ),
    );
  });

  it('name their account only when it is an account id', () => {
    expect(iamArn('aws-us-gov', '123456789012', 'role/tagger')).toBe('arn:aws-us-gov:iam::123456789012:role/tagger');
    expect(accountOfArn('arn:aws-us-gov:iam::123456789012:role/tagger')).toBe('123456789012');
    expect(accountOfArn('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
    expect(accountOfArn('arn:aws:s3:::bucket')).toBeUndefined();
    expect(accountOfArn(undefined)).toBeUndefined();
  });

  it('recognise STS session ARNs of every partition and nothing else', () => {
    expect(sessionArnAccount('arn:aws-cn:sts::123456789012:assumed-role/Dev/alice')).toBe('123456789012');
    expect(sessionArnAccount('arn:aws-us-gov:sts::123456789012:federated-user/bob')).toBe('123456789012');
    expect(sessionArnAccount('arn:aws:iam::123456789012:role/Dev')).toBeUndefined();
    expect(sessionArnAccount('arn:aws:sts::123456789012:role/Dev')).toBeUndefined();
    expect(sessionArnAccount('arn:evil:sts::123456789012:assumed-role/Dev/alice')).toBeUndefined();
  });
});

describe('tag rules', () => {
  it('accept letters, digits and spaces of any script and _ . : / = + - @', () => {
    expect(tagKeyProblem('Équipe données')).toBeUndefined();
    expect(tagValueProblem('été 2024 @x/y:z=+_-.')).toBeUndefined();
    expect(tagValueProblem('')).toBeUndefined();
  });

  it('count characters, not UTF-16 units', () => {
    // U+1D49C, a letter outside the Basic Multilingual Plane: two UTF-16 units, one character.
    expect(tagKeyProblem('\u{1D49C}'.repeat(128))).toBeUndefined();
    expect(tagKeyProblem('\u{1D49C}'.repeat(129))).toMatch(/129 characters/);
    expect(tagKeyProblem('k'.repeat(129))).toMatch(/129 characters/);
    expect(tagValueProblem('v'.repeat(257))).toMatch(/257 characters/);
  });

  it('name what is wrong', () => {
    expect(tagKeyProblem('')).toMatch(/empty/);
    expect(tagKeyProblem('a*b')).toMatch(/key has characters/);
    expect(tagValueProblem('a,b')).toMatch(/value has characters/);
    expect(nonTagCharacters('a;b!;')).toEqual([';', '!']);
  });
});
