/**
 * The one-line summary of each top-level command: what `tagwarden --help` lists. The root help is built from these
 * alone, without loading any command (and so any AWS SDK client); each command module uses the same line.
 */
export const COMMAND_SUMMARY = {
  policies: 'Generate, export, attach and detach the SCPs and RCPs of the principal-tag guard',
  explain: 'Show what tagwarden would do with CloudTrail events (offline unless --live)',
  enrollment: 'Check which accounts the member StackSets cover',
  grant: 'Set protected (scp-*) tags on an IAM role or user, through the tagger role of its account',
  revoke: 'Remove protected (scp-*) tags from an IAM role or user, through the tagger role of its account',
  list: 'Show the protected (scp-*) tags of an IAM role or user, or of every role in an account',
  coverage: 'Report the resources of supported types that lack the Owner tag, per account and service',
  backfill:
    'Tag resources created before tagwarden, from the organization trail, with the live engine (a dry run unless --apply)',
  selftest: 'Prove the deployed pipeline end to end with a real create event (a dry run unless --apply)',
  trace: "What happened to one event or resource, from the functions' logs and the DLQs",
  dlq: 'List and redrive the dead-letter queues of the central account (through the operator role)',
  lint: 'Find ABAC and tag-guard mistakes in IAM policies (identity policies, SCPs, RCPs, resource policies)',
  config: 'Inspect the tagwarden config',
} as const;

export type CommandName = keyof typeof COMMAND_SUMMARY;
