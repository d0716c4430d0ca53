import { WRITER_PERMISSIONS, WRITERS, writerActions } from '../../../lambda/aws/writers/registry';
import { RULES } from '../../../lambda/core/registry';
import { TagWriterKind } from '../../../lambda/core/resource';
import { WRITER_ACTIONS } from '../../../lib/constructs/tag-actions';

const KINDS = Object.keys(WRITERS) as TagWriterKind[];

describe('writer registry', () => {
  test('every rule names a writer kind the registry knows, and every kind is used by a rule', () => {
    const used = new Set(RULES.map((r) => r.writer));
    for (const kind of used) expect(KINDS).toContain(kind);
    expect([...used].sort()).toEqual([...KINDS].sort());
  });

  test.each(KINDS)('%s loads a writer function and an SDK client class', async (kind) => {
    expect(typeof (await WRITERS[kind].load())).toBe('function');
    expect(WRITERS[kind].client().name).toMatch(/Client$/);
  });

  test('the tagger role is granted every writer action, and only the S3 object writer reads the existing set', () => {
    for (const action of writerActions()) expect(WRITER_ACTIONS).toContain(action);
    expect(Object.keys(WRITER_PERMISSIONS).sort()).toEqual([...KINDS].sort());
    expect(KINDS.filter((k) => WRITER_PERMISSIONS[k].readsExisting).sort()).toEqual(['s3-object']);
    // A writer that reads the existing set needs the read action next to the write.
    for (const k of KINDS.filter((k) => WRITER_PERMISSIONS[k].readsExisting))
      expect(WRITER_PERMISSIONS[k].actions.some((a) => /:Get/.test(a))).toBe(true);
  });
});
