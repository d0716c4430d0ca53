import { ACCOUNT_ID_SOURCE, formatArn } from '../aws-syntax';
import { describe } from '../cloudtrail';
import { Rejection } from '../rejection';
import { rgtaRule, str, tagsFrom } from './fields';
import { ResourceRule } from './types';

/**
 * The response gives the queue URL, `https://<host>/<account>/<name>`; the ARN is built from its account and
 * name (the host varies with the endpoint and is not part of the ARN). RGTA tags queues by that ARN.
 */
const QUEUE_URL = new RegExp(`^https://[^/]+/(${ACCOUNT_ID_SOURCE})/([\\w.-]+)$`);

export const sqsRules: ResourceRule[] = [
  rgtaRule('sqs.amazonaws.com', 'CreateQueue', 'queue', (ctx) => {
    const url = str(ctx.response, 'queueUrl', 'responseElements');
    const m = QUEUE_URL.exec(url);
    if (!m)
      throw new Rejection(
        'incomplete',
        `responseElements.queueUrl must be https://<host>/<account>/<queue>, received ${describe(url)}`,
        'responseElements.queueUrl',
      );
    return {
      id: url,
      arn: formatArn({ partition: ctx.partition, service: 'sqs', region: ctx.region, account: m[1], resource: m[2] }),
      creationTags: tagsFrom(ctx.request.tags),
    };
  }),
];
