import { Tag } from '@aws-sdk/client-iam';
import { mapLimit } from '../common/map-limit';
import { listRoleNames, readTags } from '../principal-tags/iam-principal-tags';
import { isFrozenHolder } from '../principal-tags/holders';
import { Principal, validateAccountId, validatePrincipal } from '../principal-tags/validate';
import { printJson } from './json-output';
import { Registrar } from './program';
import { progressReporter } from '../common/progress';
import { renderTable } from '../common/table';
import { principalNotFound, taggerIamClient } from './tagger-session';
import { COMMAND_SUMMARY } from './summaries';

/*
 * `tagwarden list`. --json prints LIST_RESULT_VERSION objects:
 * { version, config, account, scanned, principals: [{ type, name, tags: { key: value }, frozen }] }
 * For one principal, `principals` holds it even without protected tags; for a whole account, only the roles that
 * have some, and `scanned` counts every role read. `frozen`: the principal carries the holder marker, so the guard
 * freezes it (added within version 1).
 */
export const LIST_RESULT_VERSION = 1;

/** ListRoleTags calls in flight at once: IAM's read limits are per account and shared with everything else. */
const TAG_READ_CONCURRENCY = 4;

interface ListOptions {
  account: string;
  role?: string;
  user?: string;
}

export const registerListTags: Registrar = (program, ctx) => {
  program
    .command('list')
    .description(COMMAND_SUMMARY.list)
    .requiredOption('--account <id>', 'the 12-digit id of the account to read')
    .option('--role <name>', 'only this IAM role')
    .option('--user <name>', 'only this IAM user')
    .action(async (opts: ListOptions) => {
      const config = ctx.config();
      const account = validateAccountId(opts.account);
      const one = opts.role !== undefined || opts.user !== undefined ? validatePrincipal(opts) : undefined;
      const iam = await taggerIamClient(config, ctx.globals().region, account, 'list');
      const prefix = config.protectedTagPrefix.toLowerCase();
      const protectedTags = (tags: Tag[]) =>
        Object.fromEntries(
          tags.filter((t) => t.Key!.toLowerCase().startsWith(prefix)).map((t) => [t.Key!, t.Value ?? '']),
        );

      let principals: (Principal & { tags: Record<string, string> })[];
      let scanned: number;
      if (one) {
        const tags = await readTags(iam, one).catch((e) => principalNotFound(e, `${one.type} ${one.name}`, account));
        principals = [{ ...one, tags: protectedTags(tags) }];
        scanned = 1;
      } else {
        const progress = progressReporter(ctx.output, ctx.globals().json);
        const roles = await listRoleNames(iam, (n) => progress.update('listed', 'roles', n));
        let done = 0;
        const tagged = await mapLimit(roles, TAG_READ_CONCURRENCY, async (role) => {
          const principal: Principal = { type: 'role', name: role.RoleName! };
          const tags = protectedTags(await readTags(iam, principal));
          progress.update('read tags of', 'roles', ++done, roles.length);
          return { ...principal, tags };
        });
        principals = tagged.filter((p) => Object.keys(p.tags).length > 0);
        scanned = roles.length;
      }

      const listed = principals.map((p) => ({ ...p, frozen: isFrozenHolder(p.tags, config.protectedTagPrefix) }));
      if (ctx.globals().json) {
        printJson(ctx, LIST_RESULT_VERSION, { account, scanned, principals: listed });
        return;
      }
      const rows = principals.flatMap((p) => Object.entries(p.tags).map(([k, v]) => [`${p.type}/${p.name}`, k, v]));
      const summary = one
        ? `${one.type} ${one.name} in ${account}: ${rows.length} ${config.protectedTagPrefix}* tag(s)`
        : `${principals.length} of ${scanned} role(s) in ${account} have ${config.protectedTagPrefix}* tags`;
      const unfrozen = listed.filter((p) => Object.keys(p.tags).length > 0 && !p.frozen);
      const named = unfrozen.slice(0, 10).map((p) => `${p.type}/${p.name}`);
      if (unfrozen.length > named.length) named.push(`and ${unfrozen.length - named.length} more`);
      const warning = unfrozen.length
        ? `\n${named.join(', ')}: no holder marker, so the guard does not freeze it yet (granted before the ` +
          'marker existed): grant one of its tags again to set the marker'
        : '';
      ctx.output.out(
        rows.length ? `${renderTable(['PRINCIPAL', 'KEY', 'VALUE'], rows)}\n\n${summary}${warning}` : summary,
      );
    });
};
