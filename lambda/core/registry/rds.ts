import { arnField, arnOr, buildArn, nameAfterType, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

const SOURCE = 'rds.amazonaws.com';

/**
 * An RDS create event's response is the created object itself. Its ARN field is absent from older events; the
 * ARN is then `arn:...:rds:<region>:<account>:<kind>:<identifier>`, with the identifier from the response
 * (RDS lower-cases identifiers, so the request's spelling may differ).
 */
function rdsRule(
  eventName: string,
  type: string,
  arnKind: string,
  idField: string,
  arnFieldName: string,
): ResourceRule {
  return rgtaRule(SOURCE, eventName, type, (ctx) => {
    const arn = arnOr(ctx.response, arnFieldName, 'responseElements', 'rds', () =>
      buildArn(ctx, 'rds', `${arnKind}:${str(ctx.response, idField, 'responseElements')}`),
    );
    return { id: nameAfterType(arn), arn, creationTags: tagsFrom(ctx.request.tags) };
  });
}

export const rdsRules: ResourceRule[] = [
  rdsRule('CreateDBInstance', 'db', 'db', 'dBInstanceIdentifier', 'dBInstanceArn'),
  rdsRule('CreateDBInstanceReadReplica', 'db', 'db', 'dBInstanceIdentifier', 'dBInstanceArn'),
  rdsRule('RestoreDBInstanceFromDBSnapshot', 'db', 'db', 'dBInstanceIdentifier', 'dBInstanceArn'),
  rdsRule('CreateDBCluster', 'cluster', 'cluster', 'dBClusterIdentifier', 'dBClusterArn'),
  rdsRule('CreateDBSnapshot', 'snapshot', 'snapshot', 'dBSnapshotIdentifier', 'dBSnapshotArn'),
  rdsRule(
    'CreateDBClusterSnapshot',
    'cluster-snapshot',
    'cluster-snapshot',
    'dBClusterSnapshotIdentifier',
    'dBClusterSnapshotArn',
  ),
  rdsRule('CreateDBParameterGroup', 'pg', 'pg', 'dBParameterGroupName', 'dBParameterGroupArn'),
  rdsRule('CreateDBSubnetGroup', 'subgrp', 'subgrp', 'dBSubnetGroupName', 'dBSubnetGroupArn'),
  // Global clusters span regions: their ARN has no region, and the response always carries it.
  rgtaRule(SOURCE, 'CreateGlobalCluster', 'global-cluster', (ctx) => {
    const arn = arnField(ctx.response, 'globalClusterArn', 'responseElements', 'rds');
    return { id: nameAfterType(arn), arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
];
