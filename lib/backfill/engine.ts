import { AttachedVolumes } from '../../lambda/aws/attached-volumes';
import { ClientPool } from '../../lambda/aws/clients';
import { RetryPolicy } from '../../lambda/aws/retry';
import { TagApplier } from '../../lambda/aws/writers';
import { IamPrincipalRef } from '../../lambda/core/principal';
import { ResourceRef } from '../../lambda/core/resource';
import { IamTagsResult, PlanSettings, TagPlan } from '../../lambda/core/tag-plan';
import { unchanged, WriteOutcome, written } from '../../lambda/engine/ports';
import { EngineDeps } from '../../lambda/engine/tag-event';
import { CurrentTagReader } from './current-tags';
import { AccountRateLimiter } from './rate-limit';
import { SessionView } from './session-view';

/** A resource the engine was not given: gone since its creation, or its current tags could not be read. */
export interface SetAside {
  resource: ResourceRef;
  status: 'gone' | 'unreadable';
  reason: string;
}

/**
 * Backfill writes nothing a second time and retries nothing: a resource that is not found is gone. The SDK's own
 * retries still cover throttling and 5xx inside each call.
 */
export const BACKFILL_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0, sleep: () => Promise.resolve() };

export interface OnlineEngine {
  clients: ClientPool;
  iamTags: { read(ref: IamPrincipalRef): Promise<IamTagsResult> };
  limiter: AccountRateLimiter;
}

/**
 * The live engine's dependencies for backfill: the session view instead of the session table, and an `enrich` step
 * that puts each resource's CURRENT tags where the live path has the tags it was created with, so that the plan's
 * keep rule judges against what the resource holds today. Resources found gone or unreadable are set aside.
 */
export class BackfillEngine {
  readonly reader: CurrentTagReader;
  private readonly volumes: AttachedVolumes;
  private readonly applier: TagApplier;
  writeCalls = 0;

  constructor(
    private readonly online: OnlineEngine,
    private readonly settings: PlanSettings,
    private readonly sessions: SessionView,
    private readonly apply: boolean,
  ) {
    this.reader = new CurrentTagReader(online.clients, online.limiter);
    this.volumes = new AttachedVolumes(online.clients, BACKFILL_RETRY);
    this.applier = new TagApplier(online.clients, BACKFILL_RETRY);
  }

  /** Dependencies for one event; `setAside` collects the resources left out of its plan. */
  depsFor(setAside: SetAside[]): EngineDeps {
    return {
      settings: this.settings,
      sessions: this.sessions,
      iamTags: this.online.iamTags,
      enrich: async (event, extracted) => {
        const resources = await this.volumes.add(event, extracted);
        const current = await Promise.all(resources.map((r) => this.reader.read(r)));
        const kept: ResourceRef[] = [];
        resources.forEach((resource, i) => {
          const c = current[i];
          if (c.status === 'read') kept.push({ ...resource, creationTags: c.tags });
          else setAside.push({ resource, status: c.status, reason: c.reason });
        });
        return kept;
      },
      applier: { apply: (plan) => this.write(plan) },
    };
  }

  /** Only resources with something to write reach a writer; a dry run stops there and reports what it would write. */
  private async write(plan: TagPlan): Promise<WriteOutcome[]> {
    const idle = plan.resources.filter((r) => Object.keys(r.write).length === 0);
    const busy = plan.resources.filter((r) => Object.keys(r.write).length > 0);
    const outcomes = idle.map(unchanged);
    if (busy.length === 0) return outcomes;
    if (!this.apply) return [...outcomes, ...busy.map(written)];
    const sent = await this.applyCounted({ ...plan, resources: busy });
    // One call tags every EC2 id of an event: a single deleted one fails it for all. Each is then tried alone, once,
    // so that only the deleted ones count as gone.
    const notFound = sent.filter((o) => o.status === 'failed' && o.error?.kind === 'not-yet-visible');
    if (busy.length < 2 || notFound.length < 2) return [...outcomes, ...sent];
    const alone = await Promise.all(
      notFound.map((o) => this.applyCounted({ ...plan, resources: busy.filter((r) => r.resource === o.resource) })),
    );
    return [...outcomes, ...sent.filter((o) => !notFound.includes(o)), ...alone.flat()];
  }

  private async applyCounted(plan: TagPlan): Promise<WriteOutcome[]> {
    const writers = new Set(plan.resources.map((r) => r.resource.writer)).size;
    await this.online.limiter.take(plan.account, writers);
    this.writeCalls += writers;
    return this.applier.apply(plan);
  }
}
