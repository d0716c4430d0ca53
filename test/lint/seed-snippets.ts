/*
 * The policy snippets of the project's two source documents, as written there: a write-up of attribute-based access
 * control on AWS ("003", the ABAC snippets) and the blog post "Locking down AWS principal tags with RCPs and SCPs"
 * ("004", the principal-tag guard). The YAML of 004 is transcribed to JSON and the missing commas of 003's EC2
 * example are added. Tests derive their failing examples from these by the one change the
 * documents warn about.
 */

type Statement = Record<string, unknown>;

export const policy = (...statements: Statement[]) => ({ Version: '2012-10-17', Statement: statements });

/** Returns a copy of `stmt` with `edit` applied to a deep copy of its Condition block. */
export function withCondition(
  stmt: Statement,
  edit: (condition: Record<string, Record<string, unknown>>) => void,
): Statement {
  const copy = structuredClone(stmt) as Statement & { Condition: Record<string, Record<string, unknown>> };
  edit(copy.Condition);
  return copy;
}

// 003: "If your principals can create and delete SNS Topics ..." (three statements)
export const SNS_CREATE_AND_TAG: Statement = {
  Effect: 'Allow',
  Action: ['sns:CreateTopic', 'sns:TagResource'],
  Resource: 'arn:aws:sns:*:*:*',
  Condition: {
    StringEquals: {
      'aws:RequestTag/project': '${aws:PrincipalTag/project}',
      'aws:ResourceTag/project': '${aws:PrincipalTag/project}',
    },
  },
};
export const SNS_DELETE: Statement = {
  Effect: 'Allow',
  Action: 'sns:DeleteTopic',
  Resource: 'arn:aws:sns:*:*:*',
  Condition: { StringEquals: { 'aws:ResourceTag/project': '${aws:PrincipalTag/project}' } },
};
export const SNS_RETAG: Statement = {
  Effect: 'Allow',
  Action: ['sns:TagResource', 'sns:UntagResource'],
  Resource: 'arn:aws:sns:*:*:*',
  Condition: {
    StringEquals: { 'aws:ResourceTag/project': '${aws:PrincipalTag/project}' },
    'ForAllValues:StringNotEquals': { 'aws:TagKeys': 'project' },
  },
};

// 003: "prevent principals from setting any tags other than department, project, and stage"
export const SNS_TAG_KEY_ALLOWLIST: Statement = {
  Effect: 'Deny',
  Action: 'sns:TagResource',
  Resource: 'arn:aws:sns:*:*:*',
  Condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['stage', 'project', 'department'] } },
};

// 003: "allows a principal to create tagged EC2 resources without allowing any weird ec2:CreateTags abuses"
export const EC2_CREATE: Statement = {
  Effect: 'Allow',
  Action: ['ec2:CreateSecurityGroup', 'ec2:CreateImage', 'ec2:CreateVolume', 'ec2:RunInstances'],
  Resource: '*',
  Condition: { StringEquals: { 'aws:RequestTag/project': '${aws:PrincipalTag/project}' } },
};
export const EC2_TAG_ON_CREATE: Statement = {
  Effect: 'Allow',
  Action: 'ec2:CreateTags',
  Resource: 'arn:aws:ec2:*:*:*',
  Condition: {
    StringEquals: { 'ec2:CreateAction': ['CreateSecurityGroup', 'CreateImage', 'CreateVolume', 'RunInstances'] },
  },
};

// 003: "a minimal permission policy to allow a principal to apply tags to a specific SNS Topic"
export const TAGGING_API_MINIMAL = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'sns:TagResource', Resource: 'arn:aws:sns:us-east-1:111111111111:some-topic' },
    { Effect: 'Allow', Action: 'tag:TagResource', Resource: '*' },
  ],
};

// 004: the SCP, in the order the post builds it
export const DENY_LONG_TERM_CREDENTIALS: Statement = {
  Sid: 'DenyLongTermCredentialCreation',
  Effect: 'Deny',
  Action: [
    'iam:CreateAccessKey',
    'iam:UpdateAccessKey',
    'iam:CreateLoginProfile',
    'iam:UpdateLoginProfile',
    'iam:CreateServiceSpecificCredential',
  ],
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:PrincipalTag/scp-exempt-access-keys': 'true' } },
};
export const DENY_PRINCIPAL_TAGGING: Statement = {
  Sid: 'DenyIAMPrincipalTagging',
  Effect: 'Deny',
  Action: ['iam:TagRole', 'iam:TagUser', 'iam:UntagRole', 'iam:UntagUser', 'iam:CreateRole', 'iam:CreateUser'],
  Resource: '*',
  Condition: {
    'ForAnyValue:StringLike': { 'aws:TagKeys': 'scp-*' },
    StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/tagger' },
  },
};

// 004: the RCP's two statements, and the single statement the post explains does not work
export const RCP_NON_TAGGER: Statement = {
  Sid: 'DenySCPTagsNonTaggerRole',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sts:TagSession',
  Resource: '*',
  Condition: {
    'ForAnyValue:StringLike': { 'aws:TagKeys': 'scp-*' },
    StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/tagger' },
  },
};
export const RCP_OUTSIDE_ORG: Statement = {
  Sid: 'DenySCPTagsOutsideOrg',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sts:TagSession',
  Resource: '*',
  Condition: {
    'ForAnyValue:StringLike': { 'aws:TagKeys': 'scp-*' },
    StringNotEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' },
  },
};
export const RCP_COMBINED: Statement = {
  Sid: 'DenySCPTagsCombined',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sts:TagSession',
  Resource: '*',
  Condition: {
    'ForAnyValue:StringLike': { 'aws:TagKeys': 'scp-*' },
    StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/tagger' },
    StringNotEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' },
  },
};
