import { listOf, tagsFrom } from '../../../lambda/core/registry/fields';
import { ec2CreationTags } from '../../../lambda/core/registry/ec2-shapes';

describe('tagsFrom', () => {
  it('reads every tag shape the services log', () => {
    expect(tagsFrom([{ key: 'a', value: '1' }])).toEqual({ a: '1' });
    expect(tagsFrom([{ Key: 'a', Value: '1' }])).toEqual({ a: '1' });
    expect(tagsFrom([{ tagKey: 'a', tagValue: '1' }])).toEqual({ a: '1' });
    expect(tagsFrom([{ TagKey: 'a', TagValue: '1' }])).toEqual({ a: '1' });
    expect(tagsFrom({ items: [{ key: 'a', value: '1' }] })).toEqual({ a: '1' });
    expect(tagsFrom({ item: { key: 'a', value: '1' } })).toEqual({ a: '1' });
    expect(tagsFrom({ a: '1', b: 2 })).toEqual({ a: '1', b: '2' });
  });

  it('keeps an empty value, writes booleans and numbers as text, and skips what is not a tag', () => {
    expect(
      tagsFrom([
        { key: 'empty' },
        { Key: 'flag', Value: true },
        { key: 'n', value: 3 },
        { key: '', value: 'x' },
        { value: 'no key' },
        'text',
        null,
      ]),
    ).toEqual({
      empty: '',
      flag: 'true',
      n: '3',
    });
    expect(tagsFrom(null)).toEqual({});
    expect(tagsFrom('a=1')).toEqual({});
    expect(tagsFrom({ nested: { a: '1' } })).toEqual({});
  });
});

describe('listOf', () => {
  it('reads plain arrays, EC2 item sets and the one-element XML shape', () => {
    expect(listOf([1, 2])).toEqual([1, 2]);
    expect(listOf({ items: [1] })).toEqual([1]);
    expect(listOf({ item: [1, 2] })).toEqual([1, 2]);
    expect(listOf({ item: 1 })).toEqual([1]);
    expect(listOf({})).toEqual([]);
    expect(listOf('x')).toEqual([]);
  });
});

describe('ec2CreationTags', () => {
  it('picks the tags of one resource type from plain and wrapped tag specifications', () => {
    const plain = {
      tagSpecificationSet: {
        items: [
          { resourceType: 'instance', tags: [{ key: 'Name', value: 'web' }] },
          { resourceType: 'volume', tags: [{ key: 'Name', value: 'web-disk' }] },
        ],
      },
    };
    expect(ec2CreationTags(plain, 'volume')).toEqual({ Name: 'web-disk' });
    expect(ec2CreationTags(plain, 'network-interface')).toEqual({});
    const wrapped = {
      TagSpecification: [
        { ResourceType: 'fleet', Tag: { Key: 'a', Value: '1' } },
        { ResourceType: 'instance', Tag: [{ Key: 'b', Value: '2' }] },
      ],
    };
    expect(ec2CreationTags(wrapped, 'fleet')).toEqual({ a: '1' });
    expect(ec2CreationTags(wrapped, 'instance')).toEqual({ b: '2' });
  });
});
