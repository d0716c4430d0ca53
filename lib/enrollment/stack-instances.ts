import { CloudFormationClient, paginateListStackInstances, StackInstanceSummary } from '@aws-sdk/client-cloudformation';
import { Progress, silentProgress } from '../common/progress';

/**
 * The stack instances of one StackSet, or undefined when the StackSet does not exist. The StackSets are created by
 * the management account itself (not a delegated administrator), so the calls are made as SELF.
 */
export async function listStackInstances(
  cfn: CloudFormationClient,
  stackSetName: string,
  progress: Progress = silentProgress,
): Promise<StackInstanceSummary[] | undefined> {
  const instances: StackInstanceSummary[] = [];
  try {
    for await (const page of paginateListStackInstances(
      { client: cfn, pageSize: 100 },
      { StackSetName: stackSetName, CallAs: 'SELF' },
    )) {
      instances.push(...(page.Summaries ?? []));
      progress.update('listed', `stack instances of ${stackSetName}`, instances.length);
    }
  } catch (e) {
    if ((e as Error).name === 'StackSetNotFoundException') return undefined;
    throw e;
  }
  progress.finish('listed', `stack instances of ${stackSetName}`, instances.length);
  return instances;
}
