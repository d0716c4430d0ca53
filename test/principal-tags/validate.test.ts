import fc from 'fast-check';
import { CliError } from '../../lib/common/cli-error';
import { sessionName } from '../../lib/principal-tags/iam-principal-tags';
import { grantChanges, parseTagAssignment, revokeChanges } from '../../lib/principal-tags/validate';

const allowed = [...'abcXYZ019 _.:/=+-@éß字'];
const allowedString = (min: number, max: number) =>
  fc.array(fc.constantFrom(...allowed), { minLength: min, maxLength: max }).map((a) => a.join(''));
const forbidden = fc.constantFrom(...'!#$%^&*()[]{};"\'<>?,|\\~`\n\t');

describe('parseTagAssignment', () => {
  it('splits KEY=VALUE at the first "=" and keeps both as given', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('scp-', 'SCP-', 'Scp-'),
        allowedString(1, 100).filter((k) => !k.includes('=')),
        allowedString(0, 256),
        (prefix, rest, value) => {
          expect(parseTagAssignment(`${prefix}${rest}=${value}`, 'scp-')).toEqual({ key: `${prefix}${rest}`, value });
        },
      ),
    );
  });

  it('refuses any value with a character IAM does not allow', () => {
    fc.assert(
      fc.property(allowedString(0, 50), forbidden, allowedString(0, 50), (before, bad, after) => {
        expect(() => parseTagAssignment(`scp-k=${before}${bad}${after}`, 'scp-')).toThrow(CliError);
      }),
    );
  });

  it('refuses any key that does not start with the prefix, in any case', () => {
    fc.assert(
      fc.property(
        allowedString(1, 60).filter((k) => !k.toLowerCase().startsWith('scp-') && !k.includes('=')),
        (key) => {
          expect(() => parseTagAssignment(`${key}=v`, 'scp-')).toThrow(/outside the protected prefix/);
        },
      ),
    );
  });

  it('refuses keys over 128 and values over 256 characters', () => {
    expect(() => parseTagAssignment(`scp-${'k'.repeat(125)}=v`, 'scp-')).toThrow(/not a valid IAM tag key/);
    expect(parseTagAssignment(`scp-${'k'.repeat(124)}=${'v'.repeat(256)}`, 'scp-').value).toHaveLength(256);
  });
});

describe('changes', () => {
  const current = new Map([
    ['scp-team', 'a'],
    ['scp-x', 'b'],
  ]);

  it('a grant lists only the keys whose value changes', () => {
    expect(
      grantChanges(current, [
        { key: 'scp-team', value: 'a' },
        { key: 'scp-x', value: 'c' },
        { key: 'scp-new', value: '' },
      ]),
    ).toEqual([
      { key: 'scp-x', before: 'b', after: 'c' },
      { key: 'scp-new', before: null, after: '' },
    ]);
  });

  it('a revoke lists only the keys that are set', () => {
    expect(revokeChanges(current, ['scp-team', 'scp-none'])).toEqual([{ key: 'scp-team', before: 'a', after: null }]);
  });
});

describe('sessionName', () => {
  it('is always a valid STS session name', () => {
    fc.assert(
      fc.property(fc.constantFrom('grant', 'revoke', 'list'), fc.string({ maxLength: 100 }), (operation, user) => {
        expect(sessionName(operation, user)).toMatch(/^tagwarden-(grant|revoke|list)-[\w+=,.@-]{1,}$/);
        expect(sessionName(operation, user).length).toBeLessThanOrEqual(64);
      }),
    );
  });
});
