import { LintRule } from '../context';
import { caseSensitivePrincipalTagGuard } from './case-bypass';
import { denyAndOfNegations } from './deny-and';
import { ec2CreateActionWildcard, ec2CreateResourceTag } from './ec2';
import { negatedMissingKey } from './negated-missing-key';
import { passRoleByTag } from './passrole';
import { principalSelfTagging, principalTagUnguarded } from './principal-tags';
import { rcpUnsupportedService } from './rcp-services';
import { resourcePolicyResourceTag } from './resource-policy-tags';
import { s3BucketAbacOptIn, s3ObjectAwsTagKeys, s3ObjectTagUnsupported, s3ReplaceAllTagging } from './s3';
import { denyForAllValuesNegated, forAllValuesVacuous, multiValuedKeyWithoutSetOperator } from './set-operators';
import { requestTagWithoutResourceTag, resourceTagWithoutRequestTag, tagKeysGuardMissing } from './tag-on-create';
import { tagKeyUnsupported } from './unsupported-tag-key';

/** Every lint rule, in the order findings are reported within a statement. */
export const RULES: readonly LintRule[] = [
  requestTagWithoutResourceTag,
  resourceTagWithoutRequestTag,
  tagKeysGuardMissing,
  forAllValuesVacuous,
  denyForAllValuesNegated,
  multiValuedKeyWithoutSetOperator,
  caseSensitivePrincipalTagGuard,
  denyAndOfNegations,
  s3ObjectAwsTagKeys,
  s3ObjectTagUnsupported,
  s3BucketAbacOptIn,
  s3ReplaceAllTagging,
  tagKeyUnsupported,
  resourcePolicyResourceTag,
  ec2CreateActionWildcard,
  ec2CreateResourceTag,
  passRoleByTag,
  principalTagUnguarded,
  principalSelfTagging,
  negatedMissingKey,
  rcpUnsupportedService,
];
