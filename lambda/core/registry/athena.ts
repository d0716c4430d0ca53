import { buildArn, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

const SOURCE = 'athena.amazonaws.com';

/** Both calls return an empty response: the resource is named by the request. Named queries are not taggable. */
export const athenaRules: ResourceRule[] = [
  rgtaRule(SOURCE, 'CreateWorkGroup', 'workgroup', (ctx) => {
    const name = str(ctx.request, 'name', 'requestParameters');
    return { id: name, arn: buildArn(ctx, 'athena', `workgroup/${name}`), creationTags: tagsFrom(ctx.request.tags) };
  }),
  rgtaRule(SOURCE, 'CreateDataCatalog', 'datacatalog', (ctx) => {
    const name = str(ctx.request, 'name', 'requestParameters');
    return { id: name, arn: buildArn(ctx, 'athena', `datacatalog/${name}`), creationTags: tagsFrom(ctx.request.tags) };
  }),
];
