import fc from 'fast-check';
import { parseOperator, matchesWhenMissing } from '../../lib/lint/operators';
import { normalisePolicy, PolicyShapeError } from '../../lib/lint/parse';

describe('parseOperator', () => {
  test('splits set prefix, base operator and IfExists, whatever the letter case', () => {
    expect(parseOperator('forallvalues:stringnotequalsIGNORECASEifexists')).toEqual({
      base: 'StringNotEqualsIgnoreCase',
      set: 'ForAllValues',
      ifExists: true,
      negated: true,
    });
    expect(parseOperator('ForAnyValue:StringLike')).toEqual({
      base: 'StringLike',
      set: 'ForAnyValue',
      ifExists: false,
      negated: false,
    });
    expect(parseOperator('ArnNotLikeIfExists')).toMatchObject({ base: 'ArnNotLike', negated: true, ifExists: true });
  });

  test('rejects what is not an operator', () => {
    expect(parseOperator('StringEqualz')).toBeUndefined();
    expect(parseOperator('ForSomeValues:StringEquals')).toBeUndefined();
    expect(parseOperator('NullIfExists')).toBeUndefined();
  });

  test('property: any casing of any valid operator parses to the same result', () => {
    const ops = [
      'StringEquals',
      'StringNotLike',
      'ArnNotEquals',
      'NumericLessThan',
      'Bool',
      'NotIpAddress',
      'DateGreaterThanEquals',
    ];
    const operator = fc.record({
      set: fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:'),
      base: fc.constantFrom(...ops),
      ifExists: fc.boolean(),
      flips: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
    });
    fc.assert(
      fc.property(operator, ({ set, base, ifExists, flips }) => {
        const canonical = `${set}${base}${ifExists ? 'IfExists' : ''}`;
        const scrambled = [...canonical].map((ch, i) => (flips[i] ? ch.toUpperCase() : ch.toLowerCase())).join('');
        expect(parseOperator(scrambled)).toEqual(parseOperator(canonical));
        expect(parseOperator(canonical)?.base).toBe(base);
      }),
    );
  });
});

describe('matchesWhenMissing', () => {
  test('follows IAM: negated and IfExists true, ForAllValues vacuously true, ForAnyValue and positive false', () => {
    const m = (op: string) => matchesWhenMissing(parseOperator(op)!);
    expect([m('StringNotEquals'), m('StringEqualsIfExists'), m('ForAllValues:StringEquals')]).toEqual([
      true,
      true,
      true,
    ]);
    expect([m('StringEquals'), m('ForAnyValue:StringNotEquals'), m('Null')]).toEqual([false, false, false]);
  });
});

describe('normalisePolicy', () => {
  const stmt = {
    Sid: 'S',
    Effect: 'Allow',
    Action: 'sns:Publish',
    Resource: '*',
    Condition: { stringequals: { 'aws:ResourceTag/p': 'a' }, Bool: { 'aws:SecureTransport': true } },
  };

  test('a Statement object and a one-element array are the same policy; Action strings become lists', () => {
    const a = normalisePolicy({ Statement: stmt });
    const b = normalisePolicy({ Statement: [{ ...stmt, Action: ['sns:Publish'], Resource: ['*'] }] });
    expect(a).toEqual(b);
    expect(a.statements[0]).toMatchObject({ label: 'S', actions: ['sns:Publish'], notAction: false, resources: ['*'] });
  });

  test('condition operators get canonical names and values become strings', () => {
    const [c1, c2] = normalisePolicy({ Statement: stmt }).statements[0].conditions;
    expect(c1).toMatchObject({
      operator: 'stringequals',
      base: 'StringEquals',
      key: 'aws:ResourceTag/p',
      keyLower: 'aws:resourcetag/p',
      values: ['a'],
    });
    expect(c2).toMatchObject({ base: 'Bool', values: ['true'] });
  });

  test('NotAction, NotResource and principals are recorded', () => {
    const s = normalisePolicy({
      Statement: [{ Effect: 'Deny', NotAction: ['iam:*'], NotResource: 'arn:x', Principal: { AWS: '*' } }],
    }).statements[0];
    expect(s).toMatchObject({
      label: 'Statement[0]',
      notAction: true,
      actions: ['iam:*'],
      notResource: true,
      hasPrincipal: true,
      principalIsStar: true,
    });
  });

  test.each([
    [[], 'must be a JSON object'],
    [{}, '"Statement" is missing'],
    [
      { Statement: [{ Effect: 'allow', Action: 'a:b' }] },
      'Statement[0].Effect must be "Allow" or "Deny" (received "allow")',
    ],
    [{ Statement: [{ Sid: 'X', Effect: 'Allow' }] }, 'Statement[0] (X) needs Action or NotAction'],
    [{ Statement: [{ Effect: 'Allow', Action: 'a:b', NotAction: 'c:d' }] }, 'has both Action and NotAction'],
    [{ Statement: [{ Effect: 'Allow', Action: [1] }] }, 'Statement[0].Action must be a string or a list of strings'],
    [
      { Statement: [{ Effect: 'Allow', Action: 'a:b', Condition: { StringEqualz: { k: 'v' } } }] },
      'operator "StringEqualz" is not an IAM condition operator',
    ],
    [
      { Statement: [{ Effect: 'Allow', Action: 'a:b', Condition: { StringEquals: { k: { nested: 1 } } } }] },
      'Condition.StringEquals.k must be a string',
    ],
  ])('rejects %j naming the element', (doc, message) => {
    expect(() => normalisePolicy(doc)).toThrow(PolicyShapeError);
    expect(() => normalisePolicy(doc)).toThrow(message);
  });

  test('property: any JSON value either normalises or fails with a PolicyShapeError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ Statement: fc.jsonValue() }),
          fc.record({
            Statement: fc.array(
              fc.dictionary(fc.constantFrom('Effect', 'Action', 'Resource', 'Condition', 'Sid'), fc.jsonValue()),
            ),
          }),
        ),
        (doc) => {
          try {
            const p = normalisePolicy(doc);
            for (const s of p.statements) expect(['Allow', 'Deny']).toContain(s.effect);
          } catch (e) {
            expect(e).toBeInstanceOf(PolicyShapeError);
          }
        },
      ),
    );
  });
});
