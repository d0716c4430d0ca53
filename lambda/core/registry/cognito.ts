import { arnField, obj, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/** User pool tags are a map named `userPoolTags`. */
export const cognitoRules: ResourceRule[] = [
  rgtaRule('cognito-idp.amazonaws.com', 'CreateUserPool', 'userpool', (ctx) => {
    const pool = obj(ctx.response, 'userPool', 'responseElements');
    return {
      id: str(pool, 'id', 'responseElements.userPool'),
      arn: arnField(pool, 'arn', 'responseElements.userPool', 'cognito-idp'),
      creationTags: tagsFrom(ctx.request.userPoolTags),
    };
  }),
];
