import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag IAM5 wildcard finding on one construct. The finding names the resource as the check
 * renders it (`<AWS::Partition>` for a pseudo parameter, a literal once the partition is known), so the id is
 * computed from the very value the policy uses rather than typed by hand.
 */
export function acknowledgeWildcardResource(construct: IConstruct, resource: string, reason: string): void {
  Validations.of(construct).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagRendering(Stack.of(construct).resolve(resource))}]`,
    reason,
  });
}

function nagRendering(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return `<${v.Ref}>`;
    if (Array.isArray(v['Fn::GetAtt'])) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
    if (Array.isArray(v['Fn::Join'])) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(nagRendering).join(separator);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)} as a cdk-nag finding`);
}
