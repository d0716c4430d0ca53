import { parseArn } from '../aws-syntax';
import { arnField, buildArn, objList, ref, str, tagsFrom } from './fields';
import { ExtractContext, ResourceRule } from './types';

const SOURCE = 'elasticloadbalancing.amazonaws.com';

/**
 * CreateLoadBalancer is one eventName for both API versions: v2 (ALB, NLB, GWLB) returns `loadBalancers[]` with
 * ARNs; the classic API returns only the DNS name, so its ARN is built from the requested name.
 */
function createLoadBalancer(ctx: ExtractContext) {
  const tags = tagsFrom(ctx.request.tags);
  if (ctx.response.loadBalancers === undefined) {
    const name = str(ctx.request, 'loadBalancerName', 'requestParameters');
    str(ctx.response, 'dNSName', 'responseElements');
    const arn = buildArn(ctx, 'elasticloadbalancing', `loadbalancer/${name}`);
    return [ref(ctx, { service: 'elasticloadbalancing', type: 'loadbalancer', id: name, arn, creationTags: tags })];
  }
  return objList(ctx.response, 'loadBalancers', 'responseElements').map((lb, i) => {
    const arn = arnField(lb, 'loadBalancerArn', `responseElements.loadBalancers[${i}]`, 'elasticloadbalancing');
    const kind = parseArn(arn)!.resource.split('/')[1];
    return ref(ctx, {
      service: 'elasticloadbalancing',
      type: `loadbalancer/${kind}`,
      id: arn,
      arn,
      creationTags: tags,
    });
  });
}

/** Load balancers (v2 and classic), target groups, listeners. The v2 API names its resources by ARN, classic by name. */
export const elbRules: ResourceRule[] = [
  {
    eventSource: SOURCE,
    eventName: 'CreateLoadBalancer',
    creates: ['loadbalancer/app', 'loadbalancer/net', 'loadbalancer'],
    writer: 'rgta',
    extract: createLoadBalancer,
  },
  {
    eventSource: SOURCE,
    eventName: 'CreateTargetGroup',
    creates: ['targetgroup'],
    writer: 'rgta',
    extract: (ctx) =>
      objList(ctx.response, 'targetGroups', 'responseElements').map((tg, i) => {
        const arn = arnField(tg, 'targetGroupArn', `responseElements.targetGroups[${i}]`, 'elasticloadbalancing');
        return ref(ctx, {
          service: 'elasticloadbalancing',
          type: 'targetgroup',
          id: arn,
          arn,
          creationTags: tagsFrom(ctx.request.tags),
        });
      }),
  },
  {
    eventSource: SOURCE,
    eventName: 'CreateListener',
    creates: ['listener'],
    writer: 'rgta',
    extract: (ctx) =>
      objList(ctx.response, 'listeners', 'responseElements').map((l, i) => {
        const arn = arnField(l, 'listenerArn', `responseElements.listeners[${i}]`, 'elasticloadbalancing');
        return ref(ctx, {
          service: 'elasticloadbalancing',
          type: 'listener',
          id: arn,
          arn,
          creationTags: tagsFrom(ctx.request.tags),
        });
      }),
  },
];
