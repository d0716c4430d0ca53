import { arnField, buildArn, ref, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/**
 * A secret's ARN ends in six random characters. Events that log the response give it (`arn`, or `aRN` before
 * 2024); events logged with `responseElements: null` do not, and the secret is then named by the requested name,
 * which secretsmanager:TagResource accepts as SecretId. The ARN is then the known prefix.
 */
export const secretsmanagerRules: ResourceRule[] = [
  {
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'CreateSecret',
    creates: ['secret'],
    writer: 'secretsmanager',
    extract: (ctx) => {
      const name = str(ctx.request, 'name', 'requestParameters');
      const field = ctx.response.arn !== undefined ? 'arn' : ctx.response.aRN !== undefined ? 'aRN' : undefined;
      const arn = field ? arnField(ctx.response, field, 'responseElements', 'secretsmanager') : undefined;
      return [
        ref(ctx, {
          service: 'secretsmanager',
          type: 'secret',
          id: arn ?? name,
          arn: arn ?? buildArn(ctx, 'secretsmanager', `secret:${name}`),
          creationTags: tagsFrom(ctx.request.tags),
        }),
      ];
    },
  },
];
