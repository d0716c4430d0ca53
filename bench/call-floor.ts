import { parseEvent } from '../lambda/core/cloudtrail';
import { extractResources } from '../lambda/core/registry';
import { SHARED_WRITE_LIMITS } from '../lambda/aws/writers/shared-writes';
import { LAUNCHES } from '../lambda/aws/attached-volumes';
import { round } from './calls';
import { StreamEvent } from './stream';

/*
 * The fewest tag writes and volume reads any tagger could make on the stream as it is batched, sharing perfectly
 * within each SQS batch and never across batches: one shared write per account, region, writer kind and principal
 * (a principal's resources get the same tags; per API limit), one write per resource of the other writers, and one
 * DescribeVolumes per account and region that launched instances. Every resource is counted as needing a write
 * (one whose creation tags already hold the principal's needs none). It shows how far the measured counts are from
 * what the batching allows, so that "calls per event" is read against the stream, not against a wish.
 */

export interface CallFloor {
  batches: number;
  writesPerEvent: number;
  readsPerEvent: number;
}

export function callFloor(events: StreamEvent[], batchSize: number, from: number): CallFloor {
  let writes = 0;
  let reads = 0;
  let batches = 0;
  for (let i = from; i < events.length; i += batchSize) {
    batches += 1;
    const shared = new Map<string, { limit: number; resources: number }>();
    const launching = new Set<string>();
    for (const e of events.slice(i, i + batchSize)) {
      const event = parseEvent(e.body);
      const where = `${event.account}/${event.region}`;
      if (LAUNCHES.has(event.record.eventName)) launching.add(where);
      const who = event.record.userIdentity.arn ?? event.record.userIdentity.principalId;
      const alone = new Set<string>();
      for (const r of extractResources(event)) {
        const limit = SHARED_WRITE_LIMITS[r.writer];
        if (limit === undefined) alone.add(r.arn);
        else {
          const key = `${where}/${r.writer}/${who}`;
          const group = shared.get(key) ?? { limit, resources: 0 };
          group.resources += 1;
          shared.set(key, group);
        }
      }
      writes += alone.size;
    }
    for (const { limit, resources } of shared.values()) writes += Math.ceil(resources / limit);
    reads += launching.size;
  }
  const n = events.length - from;
  return { batches, writesPerEvent: round(writes / n), readsPerEvent: round(reads / n) };
}
