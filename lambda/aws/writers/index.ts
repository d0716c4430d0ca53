import { TagWriterKind } from '../../core/resource';
import { ResourcePlan, TagPlan } from '../../core/tag-plan';
import { ClientPool } from '../clients';
import { DEFAULT_RETRY, RetryPolicy } from '../retry';
import { failed, WriteOutcome } from '../../engine/ports';
import { WRITERS } from './registry';
import { WriterContext } from './types';
import { targetProblem } from './target-check';

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
    const results = await Promise.all(
      [...byWriter].map(async ([kind, plans]) => {
        const entry = WRITERS[kind];
        const ctx: WriterContext = {
          client: <C>(region = plan.region) => this.clients.client(entry.client, plan.account, region) as C,
          account: plan.account,
          region: plan.region,
          conflict: plan.conflict,
          candidates: plan.candidates,
          retry: this.retry,
        };
        return (await entry.load())(plans, ctx);
      }),
    );
    return [...outcomes, ...results.flat()];
  }
}
