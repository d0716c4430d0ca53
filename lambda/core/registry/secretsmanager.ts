import { Rejection } from '../rejection';
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
      // A secret name cannot hold a colon; TagResource would take one as an ARN, so it must be an ARN of this account.
      if (name.includes(':')) {
        const [, , , region, account] = name.split(':');
        if (account !== ctx.account || region !== ctx.region) {
          const where = `the event's account ${ctx.account} and region ${ctx.region}`;
          const message = `requestParameters.name ${name} is an ARN outside ${where}`;
          throw new Rejection('account-mismatch', message, 'requestParameters.name');
        }
      }
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
