import { matches } from './event-pattern';

/*
 * The local matcher stands in for EventBridge in every pattern test, so it is tested on the semantics the
 * EventBridge user guide documents: comparison operators see only leaves, arrays are flattened.
 */

const assumeRole = (requestParameters: unknown) => ({ detail: { eventName: 'AssumeRole', requestParameters } });

describe('EventBridge pattern semantics', () => {
  it('matches exact strings against a scalar or any element of an array', () => {
    expect(matches({ source: ['aws.sts'] }, { source: 'aws.sts' })).toBe(true);
    expect(matches({ source: ['aws.sts'] }, { source: 'x.sts' })).toBe(false);
    expect(matches({ resources: ['b'] }, { resources: ['a', 'b'] })).toBe(true);
    expect(matches({ resources: ['c'] }, { resources: ['a', 'b'] })).toBe(false);
  });

  it('applies exists only to leaves: an object or a list of objects is not a value', () => {
    const tagged = assumeRole({ tags: [{ key: 'team', value: 'a' }] });
    // On the intermediate node: exists true never matches, exists false always does.
    expect(matches({ detail: { requestParameters: { tags: [{ exists: true }] } } }, tagged)).toBe(false);
    expect(matches({ detail: { requestParameters: { tags: [{ exists: false }] } } }, tagged)).toBe(true);
    expect(matches({ detail: { requestParameters: [{ exists: true }] } }, tagged)).toBe(false);
    // On the leaf it means what it says.
    expect(matches({ detail: { requestParameters: { tags: { key: [{ exists: true }] } } } }, tagged)).toBe(true);
    expect(matches({ detail: { requestParameters: { tags: { key: [{ exists: false }] } } } }, tagged)).toBe(false);
  });

  it('flattens arrays of objects: a leaf path sees the field of every element', () => {
    const tagged = assumeRole({
      tags: [
        { key: 'team', value: 'a' },
        { key: 'cost', value: 'b' },
      ],
    });
    expect(matches({ detail: { requestParameters: { tags: { key: ['cost'] } } } }, tagged)).toBe(true);
    expect(matches({ detail: { requestParameters: { tags: { value: ['c'] } } } }, tagged)).toBe(false);
    const nested = { a: [[{ b: [{ c: 'deep' }] }]] };
    expect(matches({ a: { b: { c: ['deep'] } } }, nested)).toBe(true);
  });

  it('treats an empty array, null parents and missing fields as no value', () => {
    const exists = { detail: { requestParameters: { transitiveTagKeys: [{ exists: true }] } } };
    expect(matches(exists, assumeRole({ transitiveTagKeys: [] }))).toBe(false);
    expect(matches(exists, assumeRole({ transitiveTagKeys: ['team'] }))).toBe(true);
    expect(matches(exists, assumeRole(null))).toBe(false);
    const noTagKey = { detail: { requestParameters: { tags: { key: [{ exists: false }] } } } };
    expect(matches(noTagKey, assumeRole(null))).toBe(true);
  });

  it('anything-but needs a value that is not excluded, and never matches a missing field', () => {
    const notService = { userIdentity: { type: [{ 'anything-but': 'AWSService' }] } };
    expect(matches(notService, { userIdentity: { type: 'AssumedRole' } })).toBe(true);
    expect(matches(notService, { userIdentity: { type: 'AWSService' } })).toBe(false);
    expect(matches(notService, { userIdentity: {} })).toBe(false);
    expect(matches({ s: [{ 'anything-but': ['a', 'b'] }] }, { s: 'b' })).toBe(false);
    expect(matches({ s: [{ 'anything-but': { prefix: 'aws.' } }] }, { s: 'aws.x' })).toBe(false);
    expect(matches({ s: [{ 'anything-but': { prefix: 'aws.' } }] }, { s: 'x.aws' })).toBe(true);
  });

  it('matches prefixes on strings only', () => {
    expect(matches({ source: [{ prefix: 'aws.' }] }, { source: 'aws.sts' })).toBe(true);
    expect(matches({ source: [{ prefix: 'aws.' }] }, { source: 'awsx.sts' })).toBe(false);
    expect(matches({ source: [{ prefix: 'aws.' }] }, {})).toBe(false);
  });

  it('$or matches when any alternative does, at any level', () => {
    const p = { detail: { $or: [{ a: ['1'] }, { b: { c: ['2'] } }] } };
    expect(matches(p, { detail: { b: { c: '2' } } })).toBe(true);
    expect(matches(p, { detail: { a: '2' } })).toBe(false);
  });

  it('refuses pattern features it does not implement, rather than guessing', () => {
    expect(() => matches({ n: [{ numeric: ['>', 1] }] }, { n: 2 })).toThrow(/unsupported pattern operator numeric/);
    expect(() => matches({ $or: [{ a: ['1'] }] }, {})).toThrow(/at least two/);
    expect(() => matches({ a: 'x' }, {})).toThrow(/must be an array or an object/);
  });
});
