/** Every IAM call that changes what a role may do or who may become it, or removes it. */
export const ROLE_POWER_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
];

/** Every IAM call that creates, deletes or changes a role, its policies, its boundary, its trust or its tags. */
export const ROLE_MUTATING_ACTIONS = [
  ...ROLE_POWER_ACTIONS,
  'iam:CreateRole',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateRoleDescription',
].sort();
