import { buildArn, rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/** CreateStream returns nothing: the stream is named by the request. */
export const kinesisRules: ResourceRule[] = [
  rgtaRule('kinesis.amazonaws.com', 'CreateStream', 'stream', (ctx) => {
    const name = str(ctx.request, 'streamName', 'requestParameters');
    return { id: name, arn: buildArn(ctx, 'kinesis', `stream/${name}`), creationTags: tagsFrom(ctx.request.tags) };
  }),
];
