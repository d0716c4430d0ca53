import { readFileSync } from 'node:fs';
import { addTagActionsOf } from '../../lib/constructs/tag-actions';
import {
  registryServicePrefixes,
  taggingActionTable,
  taggingActionTableText,
} from '../../lib/constructs/tagging-actions';
import { TAGGING_ACTIONS_FILE } from '../../lib/docs/supported-resources';

test('the committed tagging-action table is what the IAM reference data gives today (npm run docs regenerates it)', async () => {
  const fresh = taggingActionTableText(await taggingActionTable());
  expect(readFileSync(TAGGING_ACTIONS_FILE, 'utf8')).toBe(fresh);
});

test('the table covers every service of the registry, and the tagger grants only the add-tag actions of it', () => {
  const table = JSON.parse(readFileSync(TAGGING_ACTIONS_FILE, 'utf8')) as Record<string, string[]>;
  expect(Object.keys(table)).toEqual(registryServicePrefixes());
  expect(table.sqs).toEqual(expect.arrayContaining(['sqs:TagQueue', 'sqs:UntagQueue']));
  expect(addTagActionsOf('sqs')).toContain('sqs:TagQueue');
  expect(addTagActionsOf('sqs')).not.toContain('sqs:UntagQueue');
});
