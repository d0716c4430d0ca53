import { TagwardenConfig } from '../config';
import { holderMarkerKey, STACKSET_EXEC_ROLE_PATTERN } from '../names';
import { Statement } from './document';
import { orgPartition, roleArnPattern } from './patterns';
import { ROLE_POWER_ACTIONS } from './role-actions';

/** Every IAM call that mints or changes a long-term credential of a user. */
export const USER_CREDENTIAL_ACTIONS = [
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateAccessKey',
  'iam:UpdateLoginProfile',
  'iam:UpdateSSHPublicKey',
  'iam:UpdateServiceSpecificCredential',
  'iam:UpdateSigningCertificate',
  'iam:UploadSSHPublicKey',
  'iam:UploadSigningCertificate',
];

/**
 * SCP statements that lock every principal holding a protected tag. `tagwarden grant` sets one marker key on each
 * holder; an SCP condition can name only one exact tag key, so the marker stands for all granted keys. The key
 * lookup of `aws:ResourceTag/` is case-insensitive, and only the tagger can set the key in any spelling.
 * - Roles: no one but the tagger and the StackSet execution roles changes a holder's trust, policies, boundary or
 *   settings, or deletes it: granting freezes the role. Changes to the customer-managed policies it could use
 *   (CreatePolicyVersion) and PassRole to a service are closed by `grant`, which refuses such roles, because IAM
 *   cannot reliably test a passed role's tags.
 * - Users: no one but the tagger mints or changes a holder's long-term credentials, whatever the exemptions say.
 */
export function protectHolders(config: TagwardenConfig): Statement[] {
  const marked = { Null: { [`aws:ResourceTag/${holderMarkerKey(config.protectedTagPrefix)}`]: 'false' } };
  const iam = `arn:${orgPartition(config)}:iam::*`;
  const tagger = roleArnPattern(config, config.taggerRoleName);
  return [
    {
      Sid: 'DenyHolderRoleChanges',
      Effect: 'Deny',
      // Tagging is left to the protected-prefix statement (protect-principal-tags.ts), which already keeps the
      // marker and the granted keys with the tagger.
      Action: ROLE_POWER_ACTIONS,
      Resource: `${iam}:role/*`,
      Condition: {
        ...marked,
        ArnNotLike: { 'aws:PrincipalArn': [tagger, roleArnPattern(config, STACKSET_EXEC_ROLE_PATTERN)] },
      },
    },
    {
      Sid: 'DenyHolderUserCredentials',
      Effect: 'Deny',
      Action: USER_CREDENTIAL_ACTIONS,
      Resource: `${iam}:user/*`,
      Condition: { ...marked, ArnNotLike: { 'aws:PrincipalArn': tagger } },
    },
  ];
}
