import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachPolicyCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { POLICY_OWNER_TAG_KEY } from '../names';
import { POLICY_OWNER_TAG_VALUE, PlanStep } from './attach-plan';
import { ORG_POLICY_TYPE } from './org-state';

/**
 * Runs the plan in the order it was made (see planAttach and planDetach for why that order).
 * Calls the callback after each step, so a failure midway still shows what was done.
 */
export async function applyPlan(
  client: OrganizationsClient,
  steps: PlanStep[],
  done: (step: PlanStep) => void,
): Promise<void> {
  const created = new Map<string, string>();
  for (const step of steps) {
    switch (step.kind) {
      case 'create': {
        const { policy } = step;
        const r = await client.send(
          new CreatePolicyCommand({
            Name: policy.name,
            Description: policy.description,
            Type: ORG_POLICY_TYPE[policy.type],
            Content: policy.content,
            Tags: [{ Key: POLICY_OWNER_TAG_KEY, Value: POLICY_OWNER_TAG_VALUE }],
          }),
        );
        const id = r.Policy?.PolicySummary?.Id;
        if (!id) throw new Error(`CreatePolicy for ${policy.name} returned no policy id`);
        created.set(policy.name, id);
        break;
      }
      case 'update': {
        const { changes, policy } = step;
        await client.send(
          new UpdatePolicyCommand({
            PolicyId: step.policyId,
            ...(changes.includes('name') ? { Name: policy.name } : {}),
            ...(changes.includes('description') ? { Description: policy.description } : {}),
            ...(changes.includes('content') ? { Content: step.content } : {}),
          }),
        );
        break;
      }
      case 'delete':
        await client.send(new DeletePolicyCommand({ PolicyId: step.policyId }));
        break;
      case 'detach':
        await client.send(new DetachPolicyCommand({ PolicyId: step.policyId, TargetId: step.targetId }));
        break;
      case 'attach': {
        const PolicyId = step.policyId ?? created.get(step.name);
        if (!PolicyId) throw new Error(`no policy id for ${step.name}: it was neither found nor created`);
        await client.send(new AttachPolicyCommand({ PolicyId, TargetId: step.targetId }));
        break;
      }
    }
    done(step);
  }
}
