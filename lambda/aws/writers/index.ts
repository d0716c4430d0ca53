import { TagWriterKind } from '../../core/resource';
import { ResourcePlan, TagPlan } from '../../core/tag-plan';
import { ClientPool } from '../clients';
import { DEFAULT_RETRY, RetryPolicy } from '../retry';
import { failed, WriteOutcome } from '../../engine/ports';
import { WRITERS } from './registry';
import { WriterContext } from './types';
import { targetProblem } from './target-check';

/** Where a writer acts, and what it merges with when it reads the current tags (TagPlan's fields of the same names). */
export type WriterScope = Pick<WriterContext, 'account' | 'region' | 'conflict' | 'candidates'>;

/** Carries out a plan: the resources grouped by writer, each writer batching its calls. */
export class TagApplier {
  constructor(
    private readonly clients: ClientPool,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async apply(plan: TagPlan): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = [];
    const byWriter = new Map<TagWriterKind, ResourcePlan[]>();
    for (const rp of plan.resources) {
      // The tagger role of the event's account may only touch that account's resources, in the event's region.
      const problem = targetProblem(rp, plan.account, plan.region);
      if (problem) {
        outcomes.push(failed(rp, problem));
        continue;
      }
      byWriter.set(rp.resource.writer, [...(byWriter.get(rp.resource.writer) ?? []), rp]);
    }
    const results = await Promise.all([...byWriter].map(([kind, plans]) => this.write(kind, plans, plan)));
    return [...outcomes, ...results.flat()];
  }

  /** One writer kind over plans of one account and region, with the tagger role's clients there. */
  async write(kind: TagWriterKind, plans: ResourcePlan[], scope: WriterScope): Promise<WriteOutcome[]> {
    const entry = WRITERS[kind];
    const ctx: WriterContext = {
      client: <C>(region = scope.region) => this.clients.client(entry.client, scope.account, region) as C,
      account: scope.account,
      region: scope.region,
      conflict: scope.conflict,
      candidates: scope.candidates,
      retry: this.retry,
    };
    return (await entry.load())(plans, ctx);
  }
}
