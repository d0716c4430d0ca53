import { arnField, arnOr, buildArn, obj, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

const SOURCE = 'dynamodb.amazonaws.com';

export const dynamodbRules: ResourceRule[] = [
  // Older events omit tableArn: the table name in the response then gives it (the request's may be sanitised apart).
  rgtaRule(SOURCE, 'CreateTable', 'table', (ctx) => {
    const where = 'responseElements.tableDescription';
    const table = obj(ctx.response, 'tableDescription', 'responseElements');
    const arn = arnOr(table, 'tableArn', where, 'dynamodb', () =>
      buildArn(ctx, 'dynamodb', `table/${str(table, 'tableName', where)}`),
    );
    return { id: arn, arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
  // Global tables version 2017.11.29: the ARN has no region.
  rgtaRule(SOURCE, 'CreateGlobalTable', 'global-table', (ctx) => {
    const arn = arnField(
      obj(ctx.response, 'globalTableDescription', 'responseElements'),
      'globalTableArn',
      'responseElements.globalTableDescription',
      'dynamodb',
    );
    return { id: arn, arn };
  }),
  rgtaRule(SOURCE, 'CreateBackup', 'backup', (ctx) => {
    const arn = arnField(
      obj(ctx.response, 'backupDetails', 'responseElements'),
      'backupArn',
      'responseElements.backupDetails',
      'dynamodb',
    );
    return { id: arn, arn };
  }),
];
