import { formatArn, isAccountId } from '../aws-syntax';
import { describe } from '../cloudtrail';
import { Rejection } from '../rejection';
import { buildArn, obj, optStr, rgtaRule, str, tagsFrom } from './fields';
import { ExtractContext, ResourceRule } from './types';

const SOURCE = 'glue.amazonaws.com';

/**
 * Glue logs no useful response for these calls: the name comes from the request. A request may name another
 * account's Data Catalog (`catalogId`); the resource then lives there, which the account check refuses.
 */
function catalogAccount(ctx: ExtractContext): string {
  const catalogId = optStr(ctx.request, 'catalogId');
  if (catalogId !== undefined && !isAccountId(catalogId)) {
    throw new Rejection(
      'malformed',
      `requestParameters.catalogId must be a 12-digit account id, received ${describe(catalogId)}`,
      'requestParameters.catalogId',
    );
  }
  return catalogId ?? ctx.account;
}

function glueArn(ctx: ExtractContext, resource: string): string {
  return formatArn({
    partition: ctx.partition,
    service: 'glue',
    region: ctx.region,
    account: catalogAccount(ctx),
    resource,
  });
}

export const glueRules: ResourceRule[] = [
  rgtaRule(SOURCE, 'CreateDatabase', 'database', (ctx) => {
    const name = str(obj(ctx.request, 'databaseInput', 'requestParameters'), 'name', 'requestParameters.databaseInput');
    return { id: name, arn: glueArn(ctx, `database/${name}`), creationTags: tagsFrom(ctx.request.tags) };
  }),
  rgtaRule(SOURCE, 'CreateJob', 'job', (ctx) => {
    const name = str(ctx.request, 'name', 'requestParameters');
    return { id: name, arn: buildArn(ctx, 'glue', `job/${name}`), creationTags: tagsFrom(ctx.request.tags) };
  }),
  rgtaRule(SOURCE, 'CreateCrawler', 'crawler', (ctx) => {
    const name = str(ctx.request, 'name', 'requestParameters');
    return { id: name, arn: buildArn(ctx, 'glue', `crawler/${name}`), creationTags: tagsFrom(ctx.request.tags) };
  }),
  rgtaRule(SOURCE, 'CreateConnection', 'connection', (ctx) => {
    const name = str(
      obj(ctx.request, 'connectionInput', 'requestParameters'),
      'name',
      'requestParameters.connectionInput',
    );
    return { id: name, arn: glueArn(ctx, `connection/${name}`), creationTags: tagsFrom(ctx.request.tags) };
  }),
];
