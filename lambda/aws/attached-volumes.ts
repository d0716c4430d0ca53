import type { Volume } from '@aws-sdk/client-ec2';
import { ParsedEvent } from '../core/cloudtrail';
import { formatArn, partitionOf } from '../core/aws-syntax';
import { ResourceRef, tagsFromList } from '../core/resource';
import { ClientPool } from './clients';
import { EC2_CLIENT } from './writers/registry';
import { RetryableError } from '../engine/ports';
import { DEFAULT_RETRY, RetryPolicy, withRetry } from './retry';

/** The events whose instances get EBS volumes that the response does not list. */
export const LAUNCHES: ReadonlySet<string> = new Set(['RunInstances', 'CreateFleet']);
/** The most values one EC2 filter takes. */
const MAX_FILTER_VALUES = 200;

interface PendingLookup {
  instanceIds: Set<string>;
  volumes: Promise<Volume[]>;
}

/**
 * RunInstances logs the instances and their network interfaces, but the root and data volumes attach after the
 * call returns, so their ids are not in the event. ec2:DescribeVolumes, filtered on instance ids, finds them with
 * the tags they already carry (for the keep rule, exactly as AWS holds them). The launches of one SQS batch are
 * processed concurrently; lookups started in the same turn of the event loop for one account and region share one
 * call, so a burst of launches costs one read, not one per event.
 */
export class AttachedVolumes {
  private readonly pending = new Map<string, PendingLookup>();

  constructor(
    private readonly clients: Pick<ClientPool, 'client'>,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async add(event: ParsedEvent, resources: ResourceRef[]): Promise<ResourceRef[]> {
    if (event.record.eventSource !== 'ec2.amazonaws.com' || !LAUNCHES.has(event.record.eventName)) return resources;
    const instanceIds = resources.filter((r) => r.type === 'instance').map((r) => r.id);
    if (instanceIds.length === 0) return resources;
    const mine = new Set(instanceIds);
    const known = new Set(resources.map((r) => r.id));
    const found = (await this.lookup(event.account, event.region, instanceIds)).filter(
      (v) =>
        v.VolumeId &&
        !known.has(v.VolumeId) &&
        (v.Attachments ?? []).some((a) => a.InstanceId && mine.has(a.InstanceId)),
    );
    const volumes = [...new Map(found.map((v) => [v.VolumeId as string, v])).values()];
    return [...resources, ...volumes.map((v) => volumeRef(event, v))];
  }

  private lookup(account: string, region: string, instanceIds: string[]): Promise<Volume[]> {
    const key = `${account}/${region}`;
    let batch = this.pending.get(key);
    if (!batch) {
      const ids = new Set<string>();
      const volumes = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.pending.delete(key);
        return this.describe(account, region, [...ids]);
      });
      batch = { instanceIds: ids, volumes };
      this.pending.set(key, batch);
    }
    instanceIds.forEach((id) => batch.instanceIds.add(id));
    return batch.volumes;
  }

  private async describe(account: string, region: string, instanceIds: string[]): Promise<Volume[]> {
    const ec2 = this.clients.client(EC2_CLIENT, account, region);
    // Loaded with the EC2 client, on the first launch event, not at cold start (see ClientPool).
    const { DescribeVolumesCommand } = require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');
    const volumes: Volume[] = [];
    for (let i = 0; i < instanceIds.length; i += MAX_FILTER_VALUES) {
      const values = instanceIds.slice(i, i + MAX_FILTER_VALUES);
      let token: string | undefined;
      do {
        const call = await withRetry(
          () =>
            ec2.send(
              new DescribeVolumesCommand({
                Filters: [{ Name: 'attachment.instance-id', Values: values }],
                NextToken: token,
              }),
            ),
          this.retry,
        );
        if (!call.ok) {
          // Without the volumes the event would be tagged only in part: retry it, or let it reach the DLQ with the reason.
          const { error } = call;
          throw error.retryable
            ? new RetryableError(`DescribeVolumes for ${values.length} instance(s): ${error.reason}`, error.code)
            : new Error(`DescribeVolumes for ${values.length} instance(s) failed for good: ${error.reason}`);
        }
        volumes.push(...(call.value.Volumes ?? []));
        token = call.value.NextToken;
      } while (token);
    }
    return volumes;
  }
}

function volumeRef(event: ParsedEvent, v: Volume): ResourceRef {
  const id = v.VolumeId as string;
  return {
    service: 'ec2',
    type: 'volume',
    id,
    arn: formatArn({
      partition: partitionOf(event.region),
      service: 'ec2',
      region: event.region,
      account: event.account,
      resource: `volume/${id}`,
    }),
    account: event.account,
    region: event.region,
    writer: 'ec2',
    maxTags: 50,
    creationTags: tagsFromList(v.Tags),
  };
}
