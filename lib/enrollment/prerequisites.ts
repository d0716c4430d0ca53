import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  Trail,
} from '@aws-sdk/client-cloudtrail';
import {
  OrganizationsClient,
  paginateListAWSServiceAccessForOrganization,
  paginateListDelegatedAdministrators,
  Root,
} from '@aws-sdk/client-organizations';
import { logsManagementReadAndWrite, MANAGEMENT_SELECTORS } from './trail-selectors';

/** One prerequisite of tagging, and when it fails, the AWS CLI commands that fix it. */
export interface PrerequisiteCheck {
  id:
    | 'organization-trail'
    | 'stacksets-trusted-access'
    | 'stacksets-delegated-admins'
    | 'scp-policy-type'
    | 'rcp-policy-type'
    | 'stackset-deployed';
  ok: boolean;
  message: string;
  fix: string[];
}

export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

interface TrailFacts {
  arn: string;
  name: string;
  homeRegion: string;
  organization: boolean;
  multiRegion: boolean;
  logging: boolean;
  managementReadWrite: boolean;
  advancedSelectors: boolean;
  unreadable?: string;
}

/**
 * EventBridge receives `AWS API Call via CloudTrail` events only where CloudTrail logs them, so every governed
 * region needs an organization trail that is logging and records management events, read and write (the STS session
 * events are read-only; see trail-selectors). A trail is seen in a
 * region when DescribeTrails there returns it (multi-region trails appear everywhere as shadow trails).
 */
export async function checkOrganizationTrail(
  cloudTrail: (region: string) => CloudTrailClient,
  regions: string[],
  homeRegion: string,
): Promise<PrerequisiteCheck> {
  const trails = new Map<string, TrailFacts>();
  const seenIn = new Map<string, string[]>();
  for (const region of regions) {
    const { trailList = [] } = await cloudTrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    seenIn.set(
      region,
      trailList.map((t) => t.TrailARN ?? ''),
    );
    for (const t of trailList) {
      if (t.TrailARN && !trails.has(t.TrailARN)) trails.set(t.TrailARN, await inspectTrail(cloudTrail, t, region));
    }
  }
  const good = (arn: string) => {
    const t = trails.get(arn);
    return !!t && problemsOf(t, []).length === 0;
  };
  const uncovered = regions.filter((r) => !(seenIn.get(r) ?? []).some(good));
  const base = { id: 'organization-trail' as const };
  if (uncovered.length === 0) {
    const names = [
      ...new Set(regions.flatMap((r) => (seenIn.get(r) ?? []).filter(good).map((arn) => trails.get(arn)!.name))),
    ];
    const message = `organization trail ${names.join(', ')} logs management read and write events in ${regions.join(', ')}`;
    return { ...base, ok: true, message, fix: [] };
  }
  const candidate = [...trails.values()].sort((a, b) => rank(b) - rank(a))[0];
  if (!candidate) {
    return {
      ...base,
      ok: false,
      message: `no CloudTrail trail logs ${uncovered.join(', ')}: EventBridge gets no API call events there, so nothing is tagged`,
      fix: [
        `aws cloudtrail create-trail --name tagwarden-org-trail --s3-bucket-name <bucket-that-allows-org-trail-delivery> --is-organization-trail --is-multi-region-trail --region ${homeRegion}`,
        `aws cloudtrail start-logging --name tagwarden-org-trail --region ${homeRegion}`,
      ],
    };
  }
  const problems = problemsOf(candidate, uncovered);
  return {
    ...base,
    ok: false,
    message:
      `no logging organization trail records management read and write events in ${uncovered.join(', ')}; ` +
      `trail ${candidate.name}: ${problems.join(', ')}`,
    fix: fixesFor(candidate, uncovered),
  };
}

async function inspectTrail(
  cloudTrail: (region: string) => CloudTrailClient,
  t: Trail,
  seenInRegion: string,
): Promise<TrailFacts> {
  const home = t.HomeRegion ?? seenInRegion;
  const facts: TrailFacts = {
    arn: t.TrailARN!,
    name: t.Name ?? t.TrailARN!,
    homeRegion: home,
    organization: t.IsOrganizationTrail === true,
    multiRegion: t.IsMultiRegionTrail === true,
    logging: false,
    managementReadWrite: false,
    advancedSelectors: false,
  };
  // Status and selectors are read in the trail's home region, which answers for its shadow copies too.
  const client = cloudTrail(home);
  try {
    facts.logging = (await client.send(new GetTrailStatusCommand({ Name: facts.arn }))).IsLogging === true;
    const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: facts.arn }));
    facts.managementReadWrite = logsManagementReadAndWrite(selectors);
    facts.advancedSelectors = (selectors.AdvancedEventSelectors?.length ?? 0) > 0;
  } catch (e) {
    facts.unreadable = `${(e as Error).name}: ${(e as Error).message}`;
  }
  return facts;
}

function problemsOf(t: TrailFacts, uncovered: string[]): string[] {
  if (t.unreadable) return [`cannot be inspected (${t.unreadable})`];
  const problems = [];
  if (!t.organization) problems.push('is not an organization trail');
  if (!t.multiRegion && uncovered.some((r) => r !== t.homeRegion))
    problems.push(`is not multi-region (it logs ${t.homeRegion} only)`);
  if (!t.logging) problems.push('is not logging');
  if (!t.managementReadWrite) problems.push('does not log both read and write management events');
  return problems;
}

/** Prefer fixing the trail closest to what is needed: an organization trail, then a multi-region one. */
function rank(t: TrailFacts): number {
  return (t.organization ? 4 : 0) + (t.multiRegion ? 2 : 0) + (t.logging ? 1 : 0);
}

function fixesFor(t: TrailFacts, uncovered: string[]): string[] {
  if (t.unreadable) return [`aws cloudtrail get-trail-status --name ${t.arn} --region ${t.homeRegion}`];
  const at = `--region ${t.homeRegion}`;
  const flags = [];
  if (!t.organization) flags.push('--is-organization-trail');
  if (!t.multiRegion && uncovered.some((r) => r !== t.homeRegion)) flags.push('--is-multi-region-trail');
  const fixes = [];
  if (flags.length) fixes.push(`aws cloudtrail update-trail --name ${t.arn} ${flags.join(' ')} ${at}`);
  if (!t.logging) fixes.push(`aws cloudtrail start-logging --name ${t.arn} ${at}`);
  if (!t.managementReadWrite) {
    // put-event-selectors replaces every selector of the trail: data event selectors must be added back to the list.
    fixes.push(
      t.advancedSelectors
        ? `aws cloudtrail put-event-selectors --trail-name ${t.arn} --advanced-event-selectors '${MANAGEMENT_SELECTORS.advanced}' ${at}`
        : `aws cloudtrail put-event-selectors --trail-name ${t.arn} --event-selectors '${MANAGEMENT_SELECTORS.basic}' ${at}`,
    );
  }
  return fixes;
}

/** StackSets can deploy to the accounts of OUs only with trusted access for CloudFormation StackSets. */
export async function checkStackSetsTrustedAccess(
  org: OrganizationsClient,
  homeRegion: string,
): Promise<PrerequisiteCheck> {
  const enabled: string[] = [];
  for await (const page of paginateListAWSServiceAccessForOrganization({ client: org }, {})) {
    enabled.push(...(page.EnabledServicePrincipals ?? []).map((p) => p.ServicePrincipal ?? ''));
  }
  const ok = enabled.includes(STACKSETS_SERVICE_PRINCIPAL);
  return {
    id: 'stacksets-trusted-access',
    ok,
    message: ok
      ? 'trusted access for CloudFormation StackSets is enabled'
      : `trusted access for CloudFormation StackSets is not enabled (${STACKSETS_SERVICE_PRINCIPAL}): service-managed StackSets cannot deploy`,
    fix: ok ? [] : [`aws cloudformation activate-organizations-access --region ${homeRegion}`],
  };
}

/**
 * A delegated administrator for service-managed StackSets can deploy its own StackSet, which runs as the
 * `stacksets-exec-*` role of every member account: the role the guard exempts. That is management-account power
 * held outside the management account, so tagwarden's guarantees require that there is none.
 */
export async function checkStackSetsDelegatedAdmins(org: OrganizationsClient): Promise<PrerequisiteCheck> {
  const admins: { id: string; name: string }[] = [];
  const pages = paginateListDelegatedAdministrators({ client: org }, { ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL });
  for await (const page of pages) {
    admins.push(...(page.DelegatedAdministrators ?? []).map((a) => ({ id: a.Id ?? '', name: a.Name ?? '' })));
  }
  const base = { id: 'stacksets-delegated-admins' as const };
  if (admins.length === 0) {
    return { ...base, ok: true, message: 'no account is a delegated administrator for StackSets', fix: [] };
  }
  const who = admins.map((a) => `${a.id} (${a.name})`).join(', ');
  const are = admins.length === 1 ? 'is a delegated administrator' : 'are delegated administrators';
  return {
    ...base,
    ok: false,
    message:
      `${who} ${are} for StackSets: its admins can deploy a StackSet that runs as the stacksets-exec-* role, ` +
      'which the guard exempts, in every account, and so grant protected tags anywhere',
    fix: admins.map(
      (a) =>
        `aws organizations deregister-delegated-administrator --account-id ${a.id} --service-principal ${STACKSETS_SERVICE_PRINCIPAL}`,
    ),
  };
}

/** The guard is a set of SCPs and RCPs: both policy types must be enabled on the root. */
export function checkPolicyTypes(roots: Root[]): PrerequisiteCheck[] {
  const root = roots[0];
  const types = [
    { id: 'scp-policy-type' as const, type: 'SERVICE_CONTROL_POLICY', label: 'SCPs' },
    { id: 'rcp-policy-type' as const, type: 'RESOURCE_CONTROL_POLICY', label: 'RCPs' },
  ];
  return types.map(({ id, type, label }) => {
    const status = root?.PolicyTypes?.find((p) => p.Type === type)?.Status;
    const ok = status === 'ENABLED';
    const state =
      status === 'PENDING_ENABLE'
        ? 'being enabled (re-run in a minute)'
        : status === 'PENDING_DISABLE'
          ? 'being disabled'
          : 'not enabled';
    return {
      id,
      ok,
      message: ok
        ? `${label} are enabled on root ${root?.Id}`
        : `${label} are ${state} on root ${root?.Id ?? '(none found)'}: the principal-tag guard cannot be attached`,
      fix:
        ok || status === 'PENDING_ENABLE'
          ? []
          : [`aws organizations enable-policy-type --root-id ${root?.Id ?? '<root-id>'} --policy-type ${type}`],
    };
  });
}
