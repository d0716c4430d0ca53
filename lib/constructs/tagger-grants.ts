import { TagwardenConfig } from '../config';
import { protectedKeyPatterns } from '../policies/patterns';
import { GRANT_ACTIONS, HOLDER_CHECK_ACTIONS, PRINCIPAL_TAG_READ_ACTIONS } from './tag-actions';

/** An identity policy statement as IAM reads it. */
export interface GrantStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * The tagger role's grants on this account's IAM principals. Setting and removing tags is limited by aws:TagKeys
 * to the spellings of the protected prefix: grants are the only principal tags the role writes, so a stolen
 * session cannot retag a principal with anything else (a COMPONENT_TAG_KEY, say). ForAllValues passes when the key
 * is missing, so the Null check requires it; every Tag/Untag call carries it.
 */
export function taggerGrantStatements(config: TagwardenConfig, partition: string, account: string): GrantStatement[] {
  const principals = ['role', 'user'].map((kind) => `arn:${partition}:iam::${account}:${kind}/*`);
  return [
    {
      Sid: 'ReadPrincipals',
      Effect: 'Allow',
      Action: [...new Set([...PRINCIPAL_TAG_READ_ACTIONS, ...HOLDER_CHECK_ACTIONS])],
      Resource: principals,
    },
    {
      Sid: 'GrantProtectedPrincipalTags',
      Effect: 'Allow',
      Action: [...GRANT_ACTIONS],
      Resource: principals,
      Condition: {
        'ForAllValues:StringLike': { 'aws:TagKeys': protectedKeyPatterns(config) },
        Null: { 'aws:TagKeys': 'false' },
      },
    },
  ];
}
