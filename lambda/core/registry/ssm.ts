import { describe } from '../cloudtrail';
import { Rejection } from '../rejection';
import { buildArn, obj, ref, str, tagsFrom } from './fields';
import { ExtractContext, ResourceRule } from './types';

const SOURCE = 'ssm.amazonaws.com';

/**
 * SSM resources are written with ssm:AddTagsToResource, which takes the resource's type and id (a name or a
 * generated id), not its ARN: `extra.resourceType` carries the type that call expects.
 */
function ssmRule(
  eventName: string,
  type: string,
  resourceType: string,
  find: (ctx: ExtractContext) => string,
): ResourceRule {
  return {
    eventSource: SOURCE,
    eventName,
    creates: [type],
    writer: 'ssm',
    extract: (ctx) => {
      const id = find(ctx);
      const arnId = type === 'parameter' ? id.replace(/^\//, '') : id;
      return [
        ref(ctx, {
          service: 'ssm',
          type,
          id,
          arn: buildArn(ctx, 'ssm', `${type}/${arnId}`),
          creationTags: tagsFrom(ctx.request.tags),
          extra: { resourceType },
        }),
      ];
    },
  };
}

function prefixed(body: Record<string, unknown>, field: string, where: string, prefix: string): string {
  const id = str(body, field, where);
  if (!id.startsWith(prefix))
    throw new Rejection(
      'incomplete',
      `${where}.${field} must start with ${prefix}, received ${describe(id)}`,
      `${where}.${field}`,
    );
  return id;
}

/**
 * PutParameter both creates and overwrites. Only version 1 is a creation: a later version of a parameter
 * already had its tags applied when it was created.
 */
function putParameter(ctx: ExtractContext): string {
  const name = str(ctx.request, 'name', 'requestParameters');
  const version = ctx.response.version;
  if (typeof version !== 'number')
    throw new Rejection(
      'incomplete',
      `responseElements.version must be a number, received ${describe(version)}`,
      'responseElements.version',
    );
  if (version !== 1)
    throw new Rejection(
      'unsupported',
      `PutParameter wrote version ${version} of ${name}: an update, not a creation`,
      'responseElements.version',
    );
  return name;
}

export const ssmRules: ResourceRule[] = [
  ssmRule('CreateDocument', 'document', 'Document', (ctx) =>
    str(obj(ctx.response, 'documentDescription', 'responseElements'), 'name', 'responseElements.documentDescription'),
  ),
  ssmRule('PutParameter', 'parameter', 'Parameter', putParameter),
  ssmRule('CreateOpsItem', 'opsitem', 'OpsItem', (ctx) =>
    prefixed(ctx.response, 'opsItemId', 'responseElements', 'oi-'),
  ),
  ssmRule('CreatePatchBaseline', 'patchbaseline', 'PatchBaseline', (ctx) =>
    prefixed(ctx.response, 'baselineId', 'responseElements', 'pb-'),
  ),
  ssmRule('CreateMaintenanceWindow', 'maintenancewindow', 'MaintenanceWindow', (ctx) =>
    prefixed(ctx.response, 'windowId', 'responseElements', 'mw-'),
  ),
];
