import { TagWriterKind } from '../../core/resource';
import { ResourcePlan, TagPlan } from '../../core/tag-plan';
import { ClientPool } from '../clients';
import { DEFAULT_RETRY, RetryPolicy } from '../retry';
import { targetProblem } from './target-check';
import { failed, Writer, WriteOutcome } from './types';

export type { WriteOutcome } from './types';

/** Each writer (and the SDK package it imports) is loaded on first use, so a cold start loads none of them. */
const WRITERS: Record<TagWriterKind, () => Promise<Writer>> = {
  ec2: () => import('./ec2').then((m) => m.writeEc2),
  rgta: () => import('./rgta').then((m) => m.writeRgta),
  's3-bucket': () => import('./s3').then((m) => m.writeS3Bucket),
  's3-object': () => import('./s3').then((m) => m.writeS3Object),
  ssm: () => import('./ssm').then((m) => m.writeSsm),
  autoscaling: () => import('./autoscaling').then((m) => m.writeAutoScaling),
  secretsmanager: () => import('./secretsmanager').then((m) => m.writeSecretsManager),
};

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
    const ctx = { clients: this.clients, account: plan.account, region: plan.region, conflict: plan.conflict, candidates: plan.candidates, retry: this.retry };
    const results = await Promise.all([...byWriter].map(async ([kind, plans]) => (await WRITERS[kind]())(plans, ctx)));
    return [...outcomes, ...results.flat()];
  }
}
