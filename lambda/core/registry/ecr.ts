import { arnField, obj, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

export const ecrRules: ResourceRule[] = [
  rgtaRule('ecr.amazonaws.com', 'CreateRepository', 'repository', (ctx) => {
    const repo = obj(ctx.response, 'repository', 'responseElements');
    return {
      id: str(repo, 'repositoryName', 'responseElements.repository'),
      arn: arnField(repo, 'repositoryArn', 'responseElements.repository', 'ecr'),
      creationTags: tagsFrom(ctx.request.tags),
    };
  }),
];
