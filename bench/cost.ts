import { exampleConfig, synthApp } from '../test/support/cdk-app';
import { round } from './calls';

/*
 * Dollars per million created resources, from the measured counts and public list prices (US East, N. Virginia,
 * on-demand, after free tiers). Every price carries the date it was read and where it came from. The AWS calls
 * the tagger makes (IAM, STS, the tagging APIs) have no charge of their own.
 */

export const PRICES = {
  eventBridgeCrossAccountPerMillion: {
    usd: 1.0,
    read: '2026-11-22',
    source:
      'cloudburn.io/blog/amazon-eventbridge-pricing (March 2026 figures): event bus cross-account delivery, $1.00 per million events',
  },
  sqsStandardPerMillionRequests: {
    usd: 0.4,
    read: '2026-11-22',
    source:
      'cloudburn.io/blog/amazon-sqs-pricing (March 2026) and factualminds.com SQS pricing (June 2026): standard queue, $0.40 per million requests of up to 64 KB',
  },
  lambdaArmPerGbSecond: {
    usd: 0.0000133334,
    read: '2026-11-22',
    source: 'cloudchipr.com/blog/aws-lambda-pricing: Arm, first 7.5 billion GB-s a month, $0.0000133334 per GB-second',
  },
  lambdaPerMillionRequests: {
    usd: 0.2,
    read: '2026-11-22',
    source:
      'aws.amazon.com/lambda/pricing as summarised in git.mcrn.ar lambda cost notes: $0.20 per million requests (x86 and Arm)',
  },
  dynamoOnDemandPerMillionRru: {
    usd: 0.125,
    read: '2026-11-22',
    source:
      'airbyte.com/data-engineering-resources/dynamodb-pricing (July 2025, after the November 2024 on-demand price cut): $0.125 per million read request units',
  },
  dynamoOnDemandPerMillionWru: {
    usd: 0.625,
    read: '2026-11-22',
    source: 'same page: $0.625 per million write request units',
  },
} as const;

export interface CostInput {
  /** Create events per created resource (a RunInstances event creates many). */
  eventsPerResource: number;
  /** Session (STS) events forwarded and recorded per create event: an assumption, see ASSUMPTIONS. */
  sessionEventsPerCreateEvent: number;
  /** Measured: DynamoDB GetItem/Query per create event (warm path). */
  dynamoReadsPerEvent: number;
  /** Measured: mean duration of one tagger invocation (one SQS batch) with 20 ms per AWS call. */
  taggerInvocationMs: number;
  batchSize: number;
  /** An estimate: one conditional PutItem of 20 ms plus parsing. */
  recorderInvocationMs: number;
}

export const ASSUMPTIONS = [
  'One STS session event is forwarded and recorded per create event (sessions that create nothing are recorded too; an organization with much CI or SSO traffic has more).',
  'SQS: one SendMessage per event from EventBridge, and the Lambda poller receives and deletes in batches of the configured size; empty receives of an idle queue are left out.',
  'Session reads are strongly consistent GetItem (1 RRU per item under 4 KB); a session write is one conditional PutItem plus its index copy (2 WRU).',
  'The recorder duration is estimated (one 20 ms PutItem and parsing), not measured.',
  'CloudWatch Logs ingestion and metrics are not included.',
];

export interface CostReport {
  memoryMb: { tagger: number; recorder: number };
  perMillionResources: Record<string, number>;
  totalPerMillionResources: number;
  input: CostInput;
  prices: typeof PRICES;
  assumptions: string[];
}

/** The functions' memory, read from the synthesized central stack of the example config. */
export function functionMemory(): { tagger: number; recorder: number } {
  const { stacks, template } = synthApp(exampleConfig());
  const functions = template(stacks.central).findResources('AWS::Lambda::Function');
  const memoryOf = (match: RegExp) => {
    const fn = Object.values(functions).find((f) =>
      match.test(String((f as { Properties: { Description?: string } }).Properties.Description)),
    );
    if (!fn) throw new Error(`no function matching ${match} in the central stack`);
    return Number((fn as { Properties: { MemorySize: number } }).Properties.MemorySize);
  };
  return { tagger: memoryOf(/tagger/), recorder: memoryOf(/session recorder/) };
}

export function costModel(input: CostInput, memoryMb = functionMemory()): CostReport {
  const events = 1_000_000 * input.eventsPerResource;
  const sessions = events * input.sessionEventsPerCreateEvent;
  const m = (n: number, price: { usd: number }) => (n / 1_000_000) * price.usd;
  const taggerGbSeconds = (events / input.batchSize) * (input.taggerInvocationMs / 1000) * (memoryMb.tagger / 1024);
  const recorderGbSeconds = sessions * (input.recorderInvocationMs / 1000) * (memoryMb.recorder / 1024);
  const perMillionResources = {
    eventBridgeCrossAccount: m(events + sessions, PRICES.eventBridgeCrossAccountPerMillion),
    sqsRequests: m(events * (1 + 2 / input.batchSize), PRICES.sqsStandardPerMillionRequests),
    lambdaRequests: m(events / input.batchSize + sessions, PRICES.lambdaPerMillionRequests),
    lambdaTaggerGbSeconds: taggerGbSeconds * PRICES.lambdaArmPerGbSecond.usd,
    lambdaRecorderGbSeconds: recorderGbSeconds * PRICES.lambdaArmPerGbSecond.usd,
    dynamoReads: m(events * input.dynamoReadsPerEvent, PRICES.dynamoOnDemandPerMillionRru),
    dynamoWrites: m(sessions * 2, PRICES.dynamoOnDemandPerMillionWru),
  };
  const rounded = Object.fromEntries(Object.entries(perMillionResources).map(([k, v]) => [k, round(v, 4)]));
  return {
    memoryMb,
    perMillionResources: rounded,
    totalPerMillionResources: round(
      Object.values(perMillionResources).reduce((a, b) => a + b, 0),
      3,
    ),
    input,
    prices: PRICES,
    assumptions: ASSUMPTIONS,
  };
}
