import { TagWriterKind } from '../../core/resource';
import { ResourcePlan, TagPlan } from '../../core/tag-plan';
import { ClientPool } from '../clients';
import { DEFAULT_RETRY, RetryPolicy } from '../retry';
import { writeAutoScaling } from './autoscaling';
import { writeEc2 } from './ec2';
import { writeRgta } from './rgta';
import { writeS3Bucket, writeS3Object } from './s3';
import { writeSecretsManager } from './secretsmanager';
import { writeSsm } from './ssm';
import { failed, Writer, WriteOutcome } from './types';

export type { WriteOutcome } from './types';

const WRITERS: Record<TagWriterKind, Writer> = {
  ec2: writeEc2,
  rgta: writeRgta,
  's3-bucket': writeS3Bucket,
  's3-object': writeS3Object,
  ssm: writeSsm,
  autoscaling: writeAutoScaling,
  secretsmanager: writeSecretsManager,
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
      // The tagger role of the event's account may only touch that account's resources.
      if (rp.resource.account !== plan.account) {
        outcomes.push(failed(rp, { retryable: false, kind: 'permanent', code: 'AccountMismatch', reason: `${rp.resource.arn} is in account ${rp.resource.account}, the event in ${plan.account}` }));
        continue;
      }
      byWriter.set(rp.resource.writer, [...(byWriter.get(rp.resource.writer) ?? []), rp]);
    }
    const ctx = { clients: this.clients, account: plan.account, region: plan.region, conflict: plan.conflict, candidates: plan.candidates, retry: this.retry };
    const results = await Promise.all([...byWriter].map(([kind, plans]) => WRITERS[kind](plans, ctx)));
    return [...outcomes, ...results.flat()];
  }
}
