import { arnField, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

const SOURCE = 'elasticfilesystem.amazonaws.com';

export const efsRules: ResourceRule[] = [
  rgtaRule(SOURCE, 'CreateFileSystem', 'file-system', (ctx) => ({
    id: str(ctx.response, 'fileSystemId', 'responseElements'),
    arn: arnField(ctx.response, 'fileSystemArn', 'responseElements', 'elasticfilesystem'),
    creationTags: tagsFrom(ctx.request.tags),
  })),
  rgtaRule(SOURCE, 'CreateAccessPoint', 'access-point', (ctx) => ({
    id: str(ctx.response, 'accessPointId', 'responseElements'),
    arn: arnField(ctx.response, 'accessPointArn', 'responseElements', 'elasticfilesystem'),
    creationTags: tagsFrom(ctx.request.tags),
  })),
];
