import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { writerActions } from '../lambda/aws/writers/registry';
import { AwsWorld } from '../test/support/aws-world';

/*
 * Counts the calls the tagger makes, by kind, on the stand-in for AWS the tests use (test/support/aws-world.ts),
 * and on dynalite for DynamoDB (counted by a middleware). The world resolves each client's credentials before
 * answering, as signing a real request does, so assumed-role credentials are fetched (and counted) exactly when a
 * real client would fetch them.
 */

export type CallKind = 'iam' | 'dynamodb' | 'sts' | 'write' | 'read' | 'other';

export class CallCounter {
  readonly byKind: Record<CallKind, number> = { iam: 0, dynamodb: 0, sts: 0, write: 0, read: 0, other: 0 };
  readonly byCommand: Record<string, number> = {};
  /** Simulated latency of every call, in ms (0: none). */
  latencyMs = 0;

  add(kind: CallKind, command: string): void {
    this.byKind[kind] += 1;
    this.byCommand[command] = (this.byCommand[command] ?? 0) + 1;
  }

  total(): number {
    return Object.values(this.byKind).reduce((a, b) => a + b, 0);
  }

  snapshot(): Record<CallKind, number> {
    return { ...this.byKind };
  }

  reset(): void {
    for (const k of Object.keys(this.byKind) as CallKind[]) this.byKind[k] = 0;
    for (const k of Object.keys(this.byCommand)) delete this.byCommand[k];
  }

  async pause(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
  }
}

/** The world names each call as its IAM action; the writers' write actions come from the writer registry. */
const WRITES: ReadonlySet<string> = new Set(writerActions().filter((a) => !/:(Get|Describe|List)/.test(a)));

function kindOf(command: string): CallKind {
  if (command === 'sts:AssumeRole') return 'sts';
  if (command.startsWith('iam:')) return 'iam';
  if (WRITES.has(command)) return 'write';
  if (/^(ec2:Describe|s3:Get)/.test(command)) return 'read';
  return 'other';
}

/**
 * Installs the AWS stand-in with every call counted (and delayed); `clock` gives the simulated time, `roles` the
 * trust policies GetRole answers with.
 */
export function installAwsDouble(
  counter: CallCounter,
  clock: () => number,
  roles: { account: string; name: string; trust: object }[] = [],
): () => void {
  const world = new AwsWorld(1, clock);
  for (const r of roles) world.setRoleTrust(r.account, r.name, r.trust);
  world.observe = async (command) => {
    counter.add(kindOf(command), command);
    await counter.pause();
  };
  world.install();
  return () => world.restore();
}

/** Counts (and delays) every DynamoDB call a client makes; dynalite answers them. */
export function countDynamo(client: DynamoDBClient, counter: CallCounter): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counter.add('dynamodb', `dynamodb:${String(context.commandName ?? 'call').replace(/Command$/, '')}`);
      await counter.pause();
      return next(args);
    },
    { step: 'initialize', name: 'benchCountCalls' },
  );
}
