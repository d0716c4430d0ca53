import { TagwardenConfig } from '../config';
import { PolicyType, Statement } from './document';
import { exemptions } from './exemptions';
import { protectCentral } from './protect-central';
import { protectHolders } from './protect-holders';
import { protectPrincipalTags } from './protect-principal-tags';
import { protectSessionTags } from './protect-session-tags';
import { protectStackSets } from './protect-stacksets';
import { protectTagwarden } from './protect-tagwarden';

/**
 * One thing the guard protects. Its statements go into whichever documents of its type the packer chooses, so a
 * concern never names a document: adding a concern is adding an entry to CONCERNS.
 */
export interface Concern {
  /** Short name, listed in the description of every document that holds one of its statements. */
  name: string;
  type: PolicyType;
  /** The statements; Sids must be unique within the type, since a statement may move to any document. */
  statements(config: TagwardenConfig): Statement[];
  /** What the admin can change in the config when one of these statements cannot fit a document. */
  shrinkHint: string;
}

const PREFIX_HINT = 'shorten protectedTagPrefix: each letter in it doubles the number of case variants listed';

/** Every concern, in the order their statements appear within a document. */
export const CONCERNS: Concern[] = [
  { name: 'principal tags', type: 'SCP', statements: protectPrincipalTags, shrinkHint: PREFIX_HINT },
  { name: 'tagwarden pieces', type: 'SCP', statements: protectTagwarden, shrinkHint: 'shorten taggerRoleName' },
  { name: 'holders', type: 'SCP', statements: protectHolders, shrinkHint: PREFIX_HINT },
  {
    name: 'stackset stacks',
    type: 'SCP',
    statements: protectStackSets,
    shrinkHint: 'this statement does not grow with the config',
  },
  {
    name: 'central roles',
    type: 'SCP',
    statements: protectCentral,
    shrinkHint: 'this statement does not grow with the config',
  },
  {
    name: 'exemptions',
    type: 'SCP',
    statements: exemptions,
    shrinkHint: 'list fewer actions for this exemption (an action wildcard such as "iam:Create*" counts once)',
  },
  { name: 'session tags', type: 'RCP', statements: protectSessionTags, shrinkHint: PREFIX_HINT },
];
