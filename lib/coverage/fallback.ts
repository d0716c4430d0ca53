import {
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
  Tag,
} from '@aws-sdk/client-ec2';
import { paginateGetResources, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Finding } from './findings';
import { ReportedType } from './resource-types';

/** Clients acting as the tagger role of one account, in one region. */
export interface FallbackClients {
  ec2: EC2Client;
  rgta: ResourceGroupsTaggingAPIClient;
}

interface Listed {
  id: string;
  tags: Tag[] | undefined;
}

/**
 * The types whose own list API returns every resource, tagged or not; the tagger role grants these calls
 * (COVERAGE_LIST_ACTIONS in lib/constructs/tag-actions.ts, checked against this map by a test).
 * Shared VPCs, subnets and security groups of another account show up in these lists too, so each keeps its owner.
 */
const LIST_APIS: Record<string, (ec2: EC2Client, account: string) => Promise<Listed[]>> = {
  'ec2:instance': async (ec2, account) => {
    const out: Listed[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2 }, {})) {
      for (const r of page.Reservations ?? []) {
        if (r.OwnerId !== account) continue;
        for (const i of r.Instances ?? []) if (i.InstanceId) out.push({ id: `instance/${i.InstanceId}`, tags: i.Tags });
      }
    }
    return out;
  },
  'ec2:volume': async (ec2) => {
    const out: Listed[] = [];
    for await (const page of paginateDescribeVolumes({ client: ec2 }, {})) {
      for (const v of page.Volumes ?? []) if (v.VolumeId) out.push({ id: `volume/${v.VolumeId}`, tags: v.Tags });
    }
    return out;
  },
  'ec2:vpc': async (ec2, account) => {
    const out: Listed[] = [];
    for await (const page of paginateDescribeVpcs({ client: ec2 }, {})) {
      for (const v of page.Vpcs ?? []) if (v.VpcId && v.OwnerId === account) out.push({ id: `vpc/${v.VpcId}`, tags: v.Tags });
    }
    return out;
  },
  'ec2:subnet': async (ec2, account) => {
    const out: Listed[] = [];
    for await (const page of paginateDescribeSubnets({ client: ec2 }, {})) {
      for (const s of page.Subnets ?? []) if (s.SubnetId && s.OwnerId === account) out.push({ id: `subnet/${s.SubnetId}`, tags: s.Tags });
    }
    return out;
  },
  'ec2:security-group': async (ec2, account) => {
    const out: Listed[] = [];
    for await (const page of paginateDescribeSecurityGroups({ client: ec2 }, {})) {
      for (const g of page.SecurityGroups ?? []) {
        if (g.GroupId && g.OwnerId === account) out.push({ id: `security-group/${g.GroupId}`, tags: g.Tags });
      }
    }
    return out;
  },
};

/** RGTA takes at most 100 resource-type filters per call (GetResources API reference). */
const RGTA_TYPE_FILTERS = 100;

export interface FallbackScope {
  account: string;
  region: string;
  partition: string;
  ownerTagKey: string;
  types: ReportedType[];
}

/**
 * One account and region that Resource Explorer does not cover: the list APIs for the types that have one, RGTA for
 * the rest. RGTA returns only resources that have (or had) a tag, so its findings are labelled and never count a
 * resource with no tag at all.
 */
export async function fallbackScan(clients: FallbackClients, scope: FallbackScope): Promise<Finding[]> {
  const findings: Finding[] = [];
  const listed = scope.types.filter((t) => LIST_APIS[t.type]);
  for (const t of listed) {
    for (const item of await LIST_APIS[t.type](clients.ec2, scope.account)) {
      findings.push({
        arn: `arn:${scope.partition}:ec2:${scope.region}:${scope.account}:${item.id}`,
        type: t.type,
        service: t.service,
        account: scope.account,
        region: scope.region,
        source: 'list-api',
        hasOwner: hasKey(item.tags, scope.ownerTagKey),
        untagged: (item.tags ?? []).length === 0,
      });
    }
  }
  const rest = scope.types.filter((t) => !LIST_APIS[t.type]);
  for (let i = 0; i < rest.length; i += RGTA_TYPE_FILTERS) {
    const chunk = rest.slice(i, i + RGTA_TYPE_FILTERS);
    for await (const page of paginateGetResources({ client: clients.rgta }, { ResourceTypeFilters: chunk.map((t) => t.type) })) {
      for (const m of page.ResourceTagMappingList ?? []) {
        const type = m.ResourceARN ? typeOfArn(m.ResourceARN, chunk) : undefined;
        if (!type || !m.ResourceARN) continue;
        findings.push({
          arn: m.ResourceARN,
          type: type.type,
          service: type.service,
          account: scope.account,
          region: scope.region,
          source: 'rgta',
          hasOwner: hasKey(m.Tags, scope.ownerTagKey),
        });
      }
    }
  }
  return findings;
}

/** Tag keys are compared exactly: `owner` is another key than `Owner` on most services. */
function hasKey(tags: { Key?: string }[] | undefined, key: string): boolean {
  return (tags ?? []).some((t) => t.Key === key);
}

/**
 * The reported type an ARN belongs to: the only type of its service, or the type whose name starts its resource
 * segment, longest first (`loadbalancer/app/...` is `elasticloadbalancing:loadbalancer/app`, `db:x` is `rds:db`).
 */
export function typeOfArn(arn: string, types: ReportedType[]): ReportedType | undefined {
  const [, , service = '', , , ...rest] = arn.split(':');
  const candidates = types.filter((t) => t.service === service);
  if (candidates.length <= 1) return candidates[0];
  const resource = rest.join(':').toLowerCase();
  return candidates
    .map((t) => ({ t, name: t.type.slice(service.length + 1) }))
    .filter(({ name }) => resource.startsWith(`${name}/`) || resource.startsWith(`${name}:`))
    .sort((a, b) => b.name.length - a.name.length)[0]?.t;
}
