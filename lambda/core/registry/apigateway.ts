import { formatArn } from '../aws-syntax';
import { rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/** API Gateway ARNs name no account: `arn:aws:apigateway:<region>::/restapis/<id>`. */
export const apigatewayRules: ResourceRule[] = [
  rgtaRule('apigateway.amazonaws.com', 'CreateRestApi', 'restapis', (ctx) => {
    const id = str(ctx.response, 'id', 'responseElements');
    const input = ctx.request.createRestApiInput;
    const tags = input && typeof input === 'object' ? (input as Record<string, unknown>).tags : undefined;
    return {
      id,
      arn: formatArn({
        partition: ctx.partition,
        service: 'apigateway',
        region: ctx.region,
        account: '',
        resource: `/restapis/${id}`,
      }),
      creationTags: tagsFrom(tags ?? ctx.request.tags),
    };
  }),
];
