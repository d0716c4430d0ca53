import fc from 'fast-check';
import { parseEvent } from '../../../lambda/core/cloudtrail';
import { extractResources, RULES } from '../../../lambda/core/registry';
import { isRejection } from '../../../lambda/core/rejection';
import { loadSamples } from '../../support/samples';

/** parse + extract, returning what happened; anything thrown that is not a Rejection fails the property. */
function outcome(input: unknown): 'resources' | 'rejected' {
  try {
    const resources = extractResources(parseEvent(input, { defaultAccount: '123456789012' }));
    if (!Array.isArray(resources) || resources.length === 0)
      throw new Error('extractResources returned no resources without a Rejection');
    return 'resources';
  } catch (e) {
    if (isRejection(e)) return 'rejected';
    throw e;
  }
}

/** Every path to a value inside the record, so that a mangling can hit any depth. */
function pathsOf(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

function mangle(event: unknown, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  const copy = JSON.parse(JSON.stringify(event));
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  const last = path[path.length - 1];
  if (remove && !Array.isArray(at)) delete at[last];
  else at[last] = replacement;
  return copy;
}

const createSamples = loadSamples((f) => !/(sts|signin)\./.test(f)).filter((s) => {
  try {
    return outcome(s.event) === 'resources';
  } catch {
    return false;
  }
});

describe('extractResources on mangled events', () => {
  it('starts from many real create events', () => {
    expect(createSamples.length).toBeGreaterThan(80);
  });

  it('gives resources or a Rejection, never another exception, whatever field is replaced or removed', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.jsonValue(), fc.boolean(), (sampleIndex, pathIndex, replacement, remove) => {
        const { event } = createSamples[sampleIndex % createSamples.length];
        const paths = pathsOf(event);
        outcome(mangle(event, paths[pathIndex % paths.length], replacement, remove));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives resources or a Rejection for any request and response under any rule’s event name', () => {
    const anyValue = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.jsonValue()),
    );
    fc.assert(
      fc.property(fc.constantFrom(...RULES), anyValue, anyValue, (rule, requestParameters, responseElements) => {
        const record = {
          eventSource: rule.eventSource,
          eventName: rule.eventName,
          awsRegion: 'eu-west-1',
          recipientAccountId: '123456789012',
          userIdentity: {},
          requestParameters,
          responseElements,
        };
        outcome(record);
      }),
      { numRuns: 1000 },
    );
  });
});
