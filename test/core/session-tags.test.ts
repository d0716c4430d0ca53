import fc from 'fast-check';
import { keyList, overlayTags, pickTags, tagsFromList, tagsFromMap, uniqueKeys } from '../../lambda/core/session-tags';

describe('session tags are case-insensitive', () => {
  test('an overlay replaces any casing of a key and brings its own casing', () => {
    expect(overlayTags({ Project: 'Unicorn', CostCenter: '1' }, { project: 'Pegasus' })).toEqual({
      CostCenter: '1',
      project: 'Pegasus',
    });
  });

  test('keys are kept once, in the first casing seen', () => {
    expect(uniqueKeys(['Email', 'EMAIL', 'CostCenter', 'email'])).toEqual(['Email', 'CostCenter']);
    expect(keyList(['Email', 'email'], 'requestParameters.transitiveTagKeys')).toEqual(['Email']);
  });

  test('picking transitive tags ignores case', () => {
    expect(pickTags({ project: 'Pegasus', Team: 'x' }, ['Project'])).toEqual({ project: 'Pegasus' });
  });

  test('CloudTrail list and map shapes', () => {
    expect(
      tagsFromList(
        [
          { key: 'Email', value: 'a@b' },
          { Key: 'Team', Value: '' },
        ],
        'requestParameters.tags',
      ),
    ).toEqual({ Email: 'a@b', Team: '' });
    expect(tagsFromMap({ CostCenter: '987654' }, 'requestParameters.principalTags')).toEqual({ CostCenter: '987654' });
    expect(tagsFromList(undefined, 'requestParameters.tags')).toEqual({});
  });

  test('a key such as __proto__ stays an ordinary tag', () => {
    const tags = tagsFromMap(JSON.parse('{"__proto__": "x", "a": "b"}'), 'requestParameters.principalTags');
    expect(Object.keys(overlayTags(tags, { A: 'c' }))).toEqual(['__proto__', 'A']);
  });

  test('property: an overlay never holds two keys that differ only in case, and the top set always wins', () => {
    const key = fc.constantFrom('Team', 'team', 'TEAM', 'Project', 'project', 'Cost', 'cOST');
    const tags = fc
      .array(fc.tuple(key, fc.string()), { maxLength: 6 })
      .map((entries) => Object.fromEntries(uniqueEntries(entries)));
    fc.assert(
      fc.property(tags, tags, (base, top) => {
        const result = overlayTags(base, top);
        const folded = Object.keys(result).map((k) => k.toLowerCase());
        expect(new Set(folded).size).toBe(folded.length);
        for (const [k, v] of Object.entries(top)) expect(result[k]).toBe(v);
      }),
    );
  });
});

function uniqueEntries(entries: [string, string][]): [string, string][] {
  const seen = new Set<string>();
  return entries.filter(([k]) => !seen.has(k.toLowerCase()) && seen.add(k.toLowerCase()) !== undefined);
}
