import { buildArn, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/** CreateLogGroup returns nothing: the group is named by the request. Its ARN has no trailing `:*`. */
export const logsRules: ResourceRule[] = [
  rgtaRule('logs.amazonaws.com', 'CreateLogGroup', 'log-group', (ctx) => {
    const name = str(ctx.request, 'logGroupName', 'requestParameters');
    return { id: name, arn: buildArn(ctx, 'logs', `log-group:${name}`), creationTags: tagsFrom(ctx.request.tags) };
  }),
];
