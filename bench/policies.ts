import { loadConfig, EXAMPLE_CONFIG_PATH } from '../lib/config';
import { generatePolicies, POLICY_SIZE_LIMIT } from '../lib/policies';
import { round } from './calls';

/** The characters of every generated SCP and RCP (minified, as sent to Organizations) against the 5,120 limit. */
export interface PolicySize {
  name: string;
  type: string;
  chars: number;
  limit: number;
  /** Share of the limit left. */
  headroom: number;
}

export function measurePolicies(configPath = EXAMPLE_CONFIG_PATH): PolicySize[] {
  return generatePolicies(loadConfig(configPath)).map((p) => ({
    name: p.name,
    type: p.type,
    chars: p.content.length,
    limit: POLICY_SIZE_LIMIT,
    headroom: round(1 - p.content.length / POLICY_SIZE_LIMIT),
  }));
}
