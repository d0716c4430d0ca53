import fc from 'fast-check';
import { CallerSessionPending } from '../../lambda/engine/record-session';
import { AwsWorld } from '../support/aws-world';
import { LocalDynamo, startDynalite } from '../support/dynalite';
import { Pipeline } from '../support/pipeline';
import { loadSamples } from '../support/samples';
import { scanTable } from '../support/session-table';

/*
 * Hostile input through both handlers: real samples mangled in every way fast-check can think of (fields removed,
 * replaced by other types, strings truncated or blown up to 256 KB, objects nested deeply), plus arbitrary JSON.
 * Nothing may crash with anything but a typed outcome, every refusal is logged with its reason, and an event that
 * is refused writes nothing, neither a tag nor a session record.
 */

const CORPUS = 10_000;
const samples = loadSamples().map((s) => s.event);

const deep = (depth: number): unknown => (depth === 0 ? 'bottom' : { nested: deep(depth - 1) });

const mangle = (value: unknown, pick: number, replacement: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [key, inner] = entries[pick % entries.length];
  const next = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const choice = pick % 4;
  if (choice === 0) delete (next as Record<string, unknown>)[key];
  else if (choice === 1) (next as Record<string, unknown>)[key] = replacement;
  else (next as Record<string, unknown>)[key] = mangle(inner, Math.floor(pick / 4), replacement);
  return next;
};

const replacement = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 30 }),
  fc.constant('x'.repeat(256 * 1024)),
  fc.constant(deep(200)),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant({}),
);

const corpus = fc.sample(
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.nat(samples.length - 1), fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 4 }))
        .map(([i, edits]) => edits.reduce((v, [pick, r]) => mangle(v, pick, r), samples[i])),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat(samples.length - 1), fc.nat())
        .map(([i, cut]) => JSON.stringify(samples[i]).slice(0, cut % JSON.stringify(samples[i]).length)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  ),
  { numRuns: CORPUS, seed: 20261122 },
);

let dynamo: LocalDynamo;
let world: AwsWorld;
let pipeline: Pipeline;
beforeAll(async () => {
  dynamo = await startDynalite();
  world = new AwsWorld(3);
  world.install();
  pipeline = await Pipeline.start(dynamo, world);
});
afterAll(async () => {
  world.restore();
  await dynamo.stop();
});

const WRITE = /CreateTags|TagResources|Put\w*Tagging|AddTags|CreateOrUpdateTags|TagResource$/;

test(`${CORPUS} mangled, truncated, oversized and deeply nested events: typed outcomes only, each refusal logged, no stray write`, async () => {
  expect(corpus).toHaveLength(CORPUS);
  const outcomes: Record<string, number> = {};
  for (const event of corpus) {
    // The recorder: every outcome is typed; a pending caller is its one typed retry.
    const sessionWritesBefore = pipeline.sessionWrites;
    try {
      const outcome = await pipeline.record(event);
      outcomes[`recorder:${outcome.status}`] = (outcomes[`recorder:${outcome.status}`] ?? 0) + 1;
      if (outcome.status !== 'recorded') expect(pipeline.sessionWrites).toBe(sessionWritesBefore);
    } catch (e) {
      expect(e).toBeInstanceOf(CallerSessionPending);
      outcomes['recorder:retry'] = (outcomes['recorder:retry'] ?? 0) + 1;
    }

    // The tagger, through its queue: whatever a message holds, it ends tagged, ignored or dead-lettered with a reason.
    const writesBefore = world.calls.filter((c) => WRITE.test(c.command)).length;
    const logsBefore = pipeline.logs.length;
    pipeline.enqueue(typeof event === 'string' ? event : JSON.stringify(event));
    await pipeline.drain();
    const lines = pipeline.logs.slice(logsBefore);
    const last = lines[lines.length - 1];
    expect(['tagged', 'ignored', 'dead-lettered']).toContain(last.message);
    outcomes[`tagger:${last.message}`] = (outcomes[`tagger:${last.message}`] ?? 0) + 1;
    if (last.message !== 'tagged') {
      expect(last.extra?.reason).toEqual(expect.stringMatching(/./));
      expect(world.calls.filter((c) => WRITE.test(c.command)).length).toBe(writesBefore);
    }
  }
  expect(pipeline.sqs.dlq.every((d) => d.code !== 'redrive' && d.reason.length > 0)).toBe(true);
  // Every write the recorder made is in the table, and nothing else is.
  expect(await scanTable(dynamo.client, pipeline.table)).toHaveLength(pipeline.sessionWrites);
  if (process.env.TAGWARDEN_E2E_REPORT)
    console.log(
      JSON.stringify({ badInput: { events: CORPUS, outcomes, deadLetters: pipeline.sqs.dlq.length } }, null, 2),
    );
}, 170_000);
