import { arnField, arnName, rgtaRule, tagsFrom } from './fields';
import { ResourceRule } from './types';

export const sagemakerRules: ResourceRule[] = [
  rgtaRule('sagemaker.amazonaws.com', 'CreateNotebookInstance', 'notebook-instance', (ctx) => {
    const arn = arnField(ctx.response, 'notebookInstanceArn', 'responseElements', 'sagemaker');
    return { id: arnName(arn), arn, creationTags: tagsFrom(ctx.request.tags) };
  }),
];
