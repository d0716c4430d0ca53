import * as path from 'node:path';
import { generatePolicies, GeneratedPolicy } from '../policies';
import { applyPlan } from '../policies/attach-apply';
import {
  AttachRefused,
  checkPolicyTypes,
  describeSlotUse,
  describeStep,
  planAttach,
  validateTargets,
} from '../policies/attach-plan';
import { planDetach, readOwnedPolicies } from '../policies/detach-plan';
import { exportPolicies, ExportRefused } from '../policies/export';
import { readPolicies, readRoot } from '../policies/org-state';
import { describeSlots, slotsNeeded } from '../policies/slots';
import { awsClients, callerRegion } from '../common/aws-clients';
import { CliError, EXIT } from '../common/cli-error';
import { progressReporter } from '../common/progress';
import { GLOBAL_REGION } from '../../lambda/core/aws-syntax';
import { printJson } from './json-output';
import { CommandContext, Registrar } from './program';
import { COMMAND_SUMMARY } from './summaries';

/** Bumped when a field of the `--json` output of `policies export|attach|detach` changes meaning or is removed. */
export const POLICIES_JSON_VERSION = 1;

/**
 * Generates the documents (export, attach and config validate alike). A config whose statements cannot fit a
 * document throws PolicySizeError, which the CLI reports as a refusal before any call (exit 2).
 */
export function generate(ctx: CommandContext): GeneratedPolicy[] {
  return generatePolicies(ctx.config());
}

function table(policies: GeneratedPolicy[]): string {
  const rows = [
    ['NAME', 'TYPE', 'SIZE', 'HEADROOM'],
    ...policies.map((p) => [p.name, p.type, String(p.size), String(p.headroom)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

interface AttachOptions {
  target: string[];
  apply?: boolean;
  allowManagementAccount?: boolean;
  allowOu?: boolean;
}

async function attach(ctx: CommandContext, opts: AttachOptions): Promise<void> {
  const targets = opts.target;
  const apply = opts.apply === true;
  const { managementAccountId, homeRegion } = ctx.config();
  const allowed = { allowManagementAccount: opts.allowManagementAccount, allowOu: opts.allowOu };
  let warnings: string[];
  try {
    warnings = validateTargets(targets, { managementAccountId, ...allowed });
  } catch (e) {
    // A bad target id, a target below the root or the management account: refused before any call.
    if (e instanceof AttachRefused) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
  for (const warning of warnings) ctx.output.err(warning);
  const policies = generate(ctx);
  try {
    // Organizations is a global service: a client in any region of the partition reaches its one endpoint.
    const client = awsClients.organizations(callerRegion(ctx.globals().region, homeRegion));
    const root = await readRoot(client);
    checkPolicyTypes(policies, root.rootId, root.enabledTypes);
    const types = [...new Set(policies.map((p) => p.type))];
    const state = { ...root, ...(await readPolicies(client, types, targets)) };
    const { steps, slots, notes } = planAttach(policies, state, targets);
    const lines = steps.map(describeStep);
    if (ctx.globals().json) {
      if (apply) await applyPlan(client, steps, () => undefined);
      printJson(ctx, POLICIES_JSON_VERSION, { applied: apply, slots, steps: lines, notes });
      return;
    }
    const slotLines = ['slots (attached directly to each target):', ...slots.map((s) => `  ${describeSlotUse(s)}`)];
    for (const note of notes) ctx.output.err(note);
    if (steps.length === 0) {
      const upToDate = `nothing to do: every tagwarden policy is up to date and attached to ${targets.join(', ')}`;
      ctx.output.out([...slotLines, upToDate].join('\n'));
      return;
    }
    if (!apply) {
      const header = 'plan (dry run; run again with --apply to make these changes, in this order):';
      ctx.output.out([...slotLines, header, ...lines.map((l) => `  ${l}`)].join('\n'));
      return;
    }
    ctx.output.out(slotLines.join('\n'));
    await applyPlan(client, steps, (step) => ctx.output.out(`done: ${describeStep(step)}`));
  } catch (e) {
    // Policy types not enabled, a same-named policy tagwarden does not own, a target without the slots: refused
    // after reading the organization and before changing it.
    if (e instanceof AttachRefused) throw new CliError(e.message, EXIT.refused);
    throw e;
  }
}

/** Uninstall: detach and delete every policy carrying the ownership tag (dry run unless --apply). */
async function detach(ctx: CommandContext, opts: { apply?: boolean }): Promise<void> {
  // Uninstall reads no config, so without --region or AWS_REGION it calls the aws partition's endpoint.
  const client = awsClients.organizations(callerRegion(ctx.globals().region, GLOBAL_REGION.aws));
  const progress = progressReporter(ctx.output, ctx.globals().json, 20);
  const owned = await readOwnedPolicies(client, (read, total) =>
    progress.update('read the tags of', 'policies', read, total),
  );
  const steps = planDetach(owned);
  const lines = steps.map(describeStep);
  if (ctx.globals().json) {
    if (opts.apply) await applyPlan(client, steps, () => undefined);
    printJson(ctx, POLICIES_JSON_VERSION, { applied: opts.apply === true, policies: owned, steps: lines });
    return;
  }
  if (steps.length === 0) {
    ctx.output.out('nothing to do: no SCP or RCP carries the tagwarden ownership tag');
    return;
  }
  if (!opts.apply) {
    const header = 'plan (dry run; run again with --apply to make these changes):';
    ctx.output.out([header, ...lines.map((l) => `  ${l}`)].join('\n'));
    return;
  }
  await applyPlan(client, steps, (step) => ctx.output.out(`done: ${describeStep(step)}`));
}

/** `tagwarden policies export|attach|detach`: the SCP/RCP principal-tag guard. */
export const registerPolicies: Registrar = (program, ctx) => {
  const policies = program.command('policies').description(COMMAND_SUMMARY.policies);
  policies
    .command('export')
    .description(
      'Write the generated SCP/RCP documents (minified JSON) and print their size, headroom and the policy slots they take',
    )
    .option('--out <dir>', 'directory to write the documents to', 'policies')
    .action((opts: { out: string }) => {
      const generated = generate(ctx);
      const outDir = path.resolve(opts.out);
      let removed: string[];
      try {
        ({ removed } = exportPolicies(generated, outDir));
      } catch (e) {
        // A file in the way or a broken manifest: refused before anything is written.
        if (e instanceof ExportRefused) throw new CliError(e.message, EXIT.usage);
        throw e;
      }
      if (ctx.globals().json) {
        const docs = generated.map(({ name, type, description, size, headroom, concerns }) => ({
          name,
          type,
          description,
          size,
          headroom,
          concerns,
        }));
        const slots = slotsNeeded(generated);
        printJson(ctx, POLICIES_JSON_VERSION, { out: outDir, policies: docs, slots, removed });
        return;
      }
      const removedNote = removed.length ? `; removed ${removed.join(', ')}` : '';
      const wrote = `wrote ${generated.length} document(s) to ${outDir}${removedNote}`;
      ctx.output.out(`${table(generated)}\n${describeSlots(generated)}\n${wrote}`);
    });
  policies
    .command('attach')
    .description(
      'Create or update the SCPs/RCPs in AWS Organizations and attach them to the targets (dry run unless --apply)',
    )
    .requiredOption(
      '--target <id...>',
      'root (r-xxxx), OU (ou-xxxx-xxxxxxxx) or account (12 digits) to attach to; repeatable',
    )
    .option('--apply', 'make the changes; without it, only print the plan')
    .option(
      '--allow-ou',
      'attach below the root (OUs or accounts only), with a warning; refused otherwise: see docs/threat-model.md',
    )
    .option(
      '--allow-management-account',
      'attach to the management account too, where SCPs and RCPs have no effect (refused otherwise)',
    )
    .action((opts: AttachOptions) => attach(ctx, opts));
  policies
    .command('detach')
    .description(
      'Uninstall: detach from every target and delete each SCP/RCP carrying the tagwarden ownership tag ' +
        '(dry run unless --apply)',
    )
    .option('--apply', 'make the changes; without it, only print the plan')
    .action((opts: { apply?: boolean }) => detach(ctx, opts));
};
