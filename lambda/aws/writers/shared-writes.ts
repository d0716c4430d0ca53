import { TagWriterKind } from '../../core/resource';
import { ResourcePlan, TagPlan } from '../../core/tag-plan';
import { failed, PlanApplier, WriteOutcome } from '../../engine/ports';
import { ClientPool } from '../clients';
import { DEFAULT_RETRY, RetryPolicy } from '../retry';
import { TagApplier, WriterScope } from './index';
import { EC2_MAX_IDS, RGTA_MAX_ARNS } from './call-limits';
import { targetProblem } from './target-check';
import { tagsKey } from './types';

/** The writers whose API adds the same tags to many resources in one call, and how many a call takes. */
export const SHARED_WRITE_LIMITS: Partial<Record<TagWriterKind, number>> = { ec2: EC2_MAX_IDS, rgta: RGTA_MAX_ARNS };

interface Waiting {
  event: number;
  plan: ResourcePlan;
  account: string;
  region: string;
  done: (outcome: WriteOutcome) => void;
}

/**
 * The writes of one SQS batch, shared across its events: resources of the same account and region that get the very
 * same tags through EC2 CreateTags or the Resource Groups Tagging API are written together, up to each API's limit.
 * Each event gets a slot; the shared calls go out once every slot has either handed in its plan or closed without
 * one. CreateTags is all or nothing, so a shared call that fails is split and made again for each event alone: only
 * the event whose resource is at fault fails. Everything else goes through the ordinary TagApplier.
 */
export class SharedWrites {
  private readonly applier: TagApplier;
  private readonly waiting: Waiting[] = [];
  private open: number;
  private flushed = false;

  constructor(clients: ClientPool, events: number, retry: RetryPolicy = DEFAULT_RETRY) {
    this.applier = new TagApplier(clients, retry);
    this.open = events;
  }

  /** The applier of one event of the batch. Close it when the event is done, whether or not it applied a plan. */
  slot(event: number): PlanApplier & { close(): void } {
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.open -= 1;
      if (this.open === 0) void this.flush();
    };
    return {
      apply: async (plan) => {
        const joined = plan.resources.filter((rp) => this.shareable(rp, plan));
        const alone = plan.resources.filter((rp) => !joined.includes(rp));
        const shared = joined.map(
          (rp) =>
            new Promise<WriteOutcome>((done) =>
              this.waiting.push({ event, plan: rp, account: plan.account, region: plan.region, done }),
            ),
        );
        close();
        const [own, together] = await Promise.all([
          alone.length > 0 ? this.applier.apply({ ...plan, resources: alone }) : Promise.resolve([]),
          Promise.all(shared),
        ]);
        return [...own, ...together];
      },
      close,
    };
  }

  private shareable(rp: ResourcePlan, plan: TagPlan): boolean {
    const kind = rp.resource.writer;
    return (
      SHARED_WRITE_LIMITS[kind] !== undefined &&
      Object.keys(rp.write).length > 0 &&
      !targetProblem(rp, plan.account, plan.region)
    );
  }

  private async flush(): Promise<void> {
    if (this.flushed) return;
    this.flushed = true;
    const groups = new Map<string, Waiting[]>();
    for (const w of this.waiting) {
      const key = JSON.stringify([w.account, w.region, w.plan.resource.writer, tagsKey(w.plan.write)]);
      groups.set(key, [...(groups.get(key) ?? []), w]);
    }
    try {
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const limit = SHARED_WRITE_LIMITS[group[0].plan.resource.writer] as number;
          for (let i = 0; i < group.length; i += limit) await this.write(group.slice(i, i + limit));
        }),
      );
    } catch (e) {
      // Writers answer failures as outcomes; anything thrown here is a fault of ours: every event retries.
      const error = { retryable: true, kind: 'server', code: 'SharedWriteFault', reason: String(e) } as const;
      for (const w of this.waiting) w.done(failed(w.plan, error));
    }
  }

  /** One shared call; an EC2 call that fails for a group of several events is made again for each event alone. */
  private async write(chunk: Waiting[]): Promise<void> {
    const outcomes = await this.send(chunk);
    const events = new Set(chunk.map((w) => w.event));
    const anyFailed = outcomes.some((o) => o.status === 'failed');
    if (anyFailed && events.size > 1 && chunk[0].plan.resource.writer === 'ec2') {
      for (const event of events) await this.write(chunk.filter((w) => w.event === event));
      return;
    }
    chunk.forEach((w, i) => w.done(outcomes[i]));
  }

  /** The writer's outcomes, in the order of the chunk (every writer answers for each plan it was given). */
  private async send(chunk: Waiting[]): Promise<WriteOutcome[]> {
    const { account, region, plan } = chunk[0];
    const scope: WriterScope = { account, region, conflict: 'keep', candidates: [] };
    const outcomes = await this.applier.write(
      plan.resource.writer,
      chunk.map((w) => w.plan),
      scope,
    );
    return chunk.map((w) => outcomes.find((o) => o.resource === w.plan.resource) as WriteOutcome);
  }
}
