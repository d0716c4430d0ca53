import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig, TagwardenConfig } from '../lib/config';
import { concernStatements, generatePolicies, POLICY_SIZE_LIMIT, PolicyType, policySize } from '../lib/policies';
import { CONCERNS } from '../lib/policies/concerns';
import { slotsNeeded } from '../lib/policies/slots';
import { round } from './calls';
import { manyExemptions } from '../test/support/config';

/** The size of every packed SCP and RCP (minified, as sent to Organizations) against the 5,120 limit. */
export interface PolicySize {
  name: string;
  type: string;
  chars: number;
  limit: number;
  /** Share of the limit left. */
  headroom: number;
}

/** The attachment slots a config's guard takes on each target, packed and in the layout of one document per concern. */
export interface SlotReport {
  config: string;
  exemptions: number;
  /** One document per concern, as before packing. `fits` is false when one of them is over the limit. */
  before: Record<PolicyType, number> & { fits: boolean };
  after: Record<PolicyType, number>;
  documents: PolicySize[];
}

export interface PoliciesReport {
  /** The example config's packed documents. */
  documents: PolicySize[];
  slots: SlotReport[];
}

const TYPES: PolicyType[] = ['SCP', 'RCP'];

/** The example config with 20 exemption use cases of five actions each. */
export function twentyExemptions(example: TagwardenConfig): TagwardenConfig {
  return parseConfig({ ...example, exemptions: manyExemptions(20) });
}

function slotReport(name: string, config: TagwardenConfig): SlotReport {
  const packed = generatePolicies(config);
  const layout = TYPES.flatMap((type) =>
    CONCERNS.filter((c) => c.type === type)
      .map((c) => concernStatements(config, type, [c]).map((s) => s.statement))
      .filter((statements) => statements.length > 0)
      .map((statements) => ({
        type,
        size: policySize(JSON.stringify({ Version: '2012-10-17', Statement: statements })),
      })),
  );
  return {
    config: name,
    exemptions: config.exemptions.length,
    before: { ...slotsNeeded(layout), fits: layout.every((d) => d.size <= POLICY_SIZE_LIMIT) },
    after: slotsNeeded(packed),
    documents: packed.map((p) => ({
      name: p.name,
      type: p.type,
      chars: p.size,
      limit: POLICY_SIZE_LIMIT,
      headroom: round(p.headroom / POLICY_SIZE_LIMIT),
    })),
  };
}

export function measurePolicies(configPath = EXAMPLE_CONFIG_PATH): PoliciesReport {
  const example = loadConfig(configPath);
  const slots = [slotReport('example', example), slotReport('20 exemption use cases', twentyExemptions(example))];
  return { documents: slots[0].documents, slots };
}
