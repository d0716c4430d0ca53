import { Command } from 'commander';
import { TagwardenConfig } from '../config';
import {
  holderRoleProblems,
  isHolderMarker,
  readHolderRole,
  withHolderMarker,
  withoutHolderMarker,
} from '../principal-tags/holders';
import { readTags, removeTags, writeTags } from '../principal-tags/iam-principal-tags';
import {
  BAD_ARGUMENT_EXIT,
  checkKeyCasing,
  grantChanges,
  parseTagAssignment,
  parseTagKey,
  Principal,
  revokeChanges,
  TagChange,
  validateAccountId,
  validatePrincipal,
} from '../principal-tags/validate';
import { CliError } from '../common/cli-error';
import { printJson } from './json-output';
import { CommandContext, Registrar } from './program';
import { principalNotFound, taggerIamClient } from './tagger-session';
import { COMMAND_SUMMARY } from './summaries';

/*
 * `tagwarden grant` and `tagwarden revoke`. --json prints GRANT_RESULT_VERSION objects:
 * { version, config, command: "grant" | "revoke", account, principal: { type, name }, applied,
 *   changes: [{ key, before, after }] }
 * where before/after are null for "not set", and applied is true only when --apply wrote the changes.
 */
export const GRANT_RESULT_VERSION = 1;

interface PrincipalTagOptions {
  account: string;
  role?: string;
  user?: string;
  tag: string[];
  apply?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function principalOptions(command: Command, tagHelp: string): Command {
  return command
    .requiredOption('--account <id>', 'the 12-digit id of the account that holds the principal')
    .option('--role <name>', 'the IAM role to change')
    .option('--user <name>', 'the IAM user to change')
    .option('--tag <tag>', `${tagHelp} (repeat for several)`, collect, [])
    .option('--apply', 'make the change; without it, only show what would change');
}

export const registerGrant: Registrar = (program, ctx) => {
  principalOptions(
    program.command('grant').description(COMMAND_SUMMARY.grant),
    'KEY=VALUE to set; KEY must start with the protected prefix',
  ).action((opts: PrincipalTagOptions) => change(ctx, 'grant', opts));
  principalOptions(program.command('revoke').description(COMMAND_SUMMARY.revoke), 'KEY to remove').action(
    (opts: PrincipalTagOptions) => change(ctx, 'revoke', opts),
  );
};

async function change(ctx: CommandContext, command: 'grant' | 'revoke', opts: PrincipalTagOptions): Promise<void> {
  const config = ctx.config();
  // Every argument is checked before the first AWS call.
  const account = validateAccountId(opts.account);
  const principal = validatePrincipal(opts);
  const prefix = config.protectedTagPrefix;
  if (opts.tag.length === 0)
    throw new CliError(
      `give at least one --tag, e.g. --tag ${prefix}team${command === 'grant' ? '=platform' : ''}`,
      BAD_ARGUMENT_EXIT,
    );
  const assignments = command === 'grant' ? opts.tag.map((t) => parseTagAssignment(t, prefix)) : [];
  const keys = command === 'grant' ? assignments.map((a) => a.key) : opts.tag.map((t) => parseTagKey(t, prefix));
  const marker = keys.find((k) => isHolderMarker(k, prefix));
  if (marker !== undefined) {
    throw new CliError(
      `${marker} is set and removed by tagwarden itself on every holder of a protected tag: leave it out of --tag`,
      BAD_ARGUMENT_EXIT,
    );
  }

  const iam = await taggerIamClient(config, ctx.globals().region, account, command);
  const what = `${principal.type} ${principal.name}`;
  const current = await readTags(iam, principal).catch((e) => principalNotFound(e, what, account));
  checkKeyCasing(
    keys,
    current.map((t) => t.Key!),
    principal,
  );
  const currentValues = new Map(current.map((t) => [t.Key!, t.Value ?? '']));
  const requested = command === 'grant' ? grantChanges(currentValues, assignments) : revokeChanges(currentValues, keys);
  // The marker follows the requested changes only: a grant or revoke that changes nothing leaves it alone.
  const withMarker = command === 'grant' ? withHolderMarker : withoutHolderMarker;
  const changes = requested.length === 0 ? [] : withMarker(requested, currentValues, prefix);
  if (command === 'grant' && principal.type === 'role' && changes.length > 0) {
    await refuseUnsafeHolder(iam, principal.name, account);
  }

  const applied = !!opts.apply && changes.length > 0;
  if (applied) {
    if (command === 'grant')
      await writeTags(
        iam,
        principal,
        changes.map((c) => ({ Key: c.key, Value: c.after! })),
      );
    else
      await removeTags(
        iam,
        principal,
        changes.map((c) => c.key),
      );
  }
  if (ctx.globals().json) printJson(ctx, GRANT_RESULT_VERSION, { command, account, principal, applied, changes });
  else ctx.output.out(describeChange(command, account, principal, changes, !!opts.apply, config));
}

/**
 * A granted role is frozen by the SCP, but some routes to it the SCP cannot close: its trust may already let this
 * account's admins in, and its customer-managed policies change without touching the role.
 */
async function refuseUnsafeHolder(
  iam: Awaited<ReturnType<typeof taggerIamClient>>,
  roleName: string,
  account: string,
): Promise<void> {
  const { role, attached } = await readHolderRole(iam, roleName);
  const problems = holderRoleProblems(role, attached, account);
  if (problems.length === 0) return;
  throw new CliError(
    `refusing to grant to role ${roleName} in ${account}: the account's admins could use or change it despite ` +
      `the guard, because ${problems.join('; ')}. Fix: trust only principals of other accounts (such as the ` +
      'management account) and no service or identity provider of this account, and use AWS-managed or inline ' +
      'policies; then grant again',
  );
}

function describeChange(
  command: string,
  account: string,
  p: Principal,
  changes: TagChange[],
  apply: boolean,
  config: TagwardenConfig,
): string {
  const target = `${p.type} ${p.name} in ${account}`;
  if (changes.length === 0) return `${target}: nothing to change (the tags already are as requested)`;
  const lines = changes.map((c) => `  ${c.key}: ${c.before ?? '(not set)'} -> ${c.after ?? '(removed)'}`);
  if (apply)
    return [`${command === 'grant' ? 'tagged' : 'untagged'} ${target} as ${config.taggerRoleName}:`, ...lines].join(
      '\n',
    );
  return [
    `dry run: ${command} would change ${target}:`,
    ...lines,
    `nothing was changed; re-run with --apply to ${command}`,
  ].join('\n');
}
