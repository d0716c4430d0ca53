import { ParsedEvent } from '../core/cloudtrail';
import { partitionOf } from '../core/registry/fields';
import { ResourceRef, Tags } from '../core/resource';
import { ClientPool } from './clients';
import { RetryableError } from './errors';
import { DEFAULT_RETRY, RetryPolicy, withRetry } from './retry';

/** The events whose instances get EBS volumes that the response does not list. */
const LAUNCHES: ReadonlySet<string> = new Set(['RunInstances', 'CreateFleet']);

/**
 * RunInstances logs the instances and their network interfaces, but the root and data volumes attach after the
 * call returns, so their ids are not in the event. One ec2:DescribeVolumes call per event, filtered on the event's
 * instance ids, finds them, with the tags they already carry (for the keep rule, exactly as AWS holds them).
 */
export class AttachedVolumes {
  constructor(
    private readonly clients: Pick<ClientPool, 'ec2'>,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async add(event: ParsedEvent, resources: ResourceRef[]): Promise<ResourceRef[]> {
    if (event.record.eventSource !== 'ec2.amazonaws.com' || !LAUNCHES.has(event.record.eventName)) return resources;
    const instanceIds = resources.filter((r) => r.type === 'instance').map((r) => r.id);
    if (instanceIds.length === 0) return resources;
    const known = new Set(resources.map((r) => r.id));
    const ec2 = this.clients.ec2(event.account, event.region);
    // Loaded with the EC2 client, on the first launch event, not at cold start (see ClientPool).
    const { DescribeVolumesCommand } = require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');
    const volumes: ResourceRef[] = [];
    let token: string | undefined;
    do {
      const call = await withRetry(() => ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: instanceIds }], NextToken: token })), this.retry);
      if (!call.ok) {
        // Without the volumes the event would be tagged only in part: retry it, or let it reach the DLQ with the reason.
        const { error } = call;
        throw error.retryable ? new RetryableError(`DescribeVolumes for ${instanceIds.length} instance(s): ${error.reason}`, error.code) : new Error(`DescribeVolumes for ${instanceIds.length} instance(s) failed for good: ${error.reason}`);
      }
      const page = call.value;
      for (const v of page.Volumes ?? []) {
        if (!v.VolumeId || known.has(v.VolumeId)) continue;
        known.add(v.VolumeId);
        volumes.push({
          service: 'ec2',
          type: 'volume',
          id: v.VolumeId,
          arn: `arn:${partitionOf(event.region)}:ec2:${event.region}:${event.account}:volume/${v.VolumeId}`,
          account: event.account,
          region: event.region,
          writer: 'ec2',
          maxTags: 50,
          creationTags: tagsOf(v.Tags),
        });
      }
      token = page.NextToken;
    } while (token);
    return [...resources, ...volumes];
  }
}

function tagsOf(list: { Key?: string; Value?: string }[] | undefined): Tags {
  return Object.fromEntries((list ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key as string, t.Value ?? '']));
}
