import { arnField, obj, rgtaRule, tagsFrom } from './fields';
import { ResourceRule } from './types';

/** The ARN comes from the response metadata; a mesh shared by another account puts the node in that account. */
export const appmeshRules: ResourceRule[] = [
  rgtaRule('appmesh.amazonaws.com', 'CreateVirtualNode', 'virtualNode', (ctx) => {
    const metadata = obj(
      obj(ctx.response, 'virtualNode', 'responseElements'),
      'metadata',
      'responseElements.virtualNode',
    );
    const arn = arnField(metadata, 'arn', 'responseElements.virtualNode.metadata', 'appmesh');
    return { id: arn, arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
];
