import { arnField, obj, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/** OpenSearch Service logs under es.amazonaws.com, with the current and the legacy (Elasticsearch) create calls. */
export const opensearchRules: ResourceRule[] = ['CreateDomain', 'CreateElasticsearchDomain'].map((eventName) =>
  rgtaRule('es.amazonaws.com', eventName, 'domain', (ctx) => {
    const status = obj(ctx.response, 'domainStatus', 'responseElements');
    return {
      id: str(status, 'domainName', 'responseElements.domainStatus'),
      arn: arnField(status, 'aRN', 'responseElements.domainStatus', 'es'),
      creationTags: tagsFrom(ctx.request.tagList),
    };
  }),
);
