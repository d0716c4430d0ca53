import { Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TagwardenConfig } from '../config';
import { COMPONENT_TAG_KEY, taggerFunctionRoleArn } from '../names';
import { acknowledgeWildcardResource } from './nag';
import { createEventGroups } from './forwarder-pattern';
import {
  apiGatewayTagging,
  COVERAGE_LIST_ACTIONS,
  CURRENT_TAG_READ_ACTIONS,
  LIST_ACTIONS,
  serviceTagActions,
  WRITER_ACTIONS,
} from './tag-actions';
import { taggerGrantStatements } from './tagger-grants';

/** The value of the component tag on the tagger role. */
export const TAGGER_ROLE_COMPONENT = 'tagger-role';

export interface TaggerRoleProps {
  readonly config: TagwardenConfig;
}

/**
 * The locked role the central tagger assumes in each account (IAM is global: one per account). The SCPs make it
 * the only principal that may set protected tags; its trust names exactly the central tagger function's role and
 * the configured admins, and only from inside the organization.
 */
export class TaggerRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TaggerRoleProps) {
    super(scope, id);
    const { config } = props;
    const { account, partition } = Stack.of(this);
    const trusted = [taggerFunctionRoleArn(config), ...config.adminPrincipals].map((arn) => new iam.ArnPrincipal(arn));
    const iamArn = (kind: string) => `arn:${partition}:iam::${account}:${kind}/*`;
    this.role = new iam.Role(this, 'Role', {
      roleName: config.taggerRoleName,
      description: "tagwarden: tags new resources with their creator's tags and grants protected principal tags",
      assumedBy: new iam.CompositePrincipal(...trusted).withConditions({
        StringEquals: { 'aws:PrincipalOrgID': config.organizationId },
      }),
      inlinePolicies: {
        tagging: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'TagNewResources',
              // Backfill's read of a bucket's current tags goes with the writes: the same resources, any of them.
              actions: [
                ...new Set([...WRITER_ACTIONS, ...CURRENT_TAG_READ_ACTIONS, ...serviceTagActions(createEventGroups())]),
              ].sort(),
              // Any resource a principal of this account creates, so no narrower resource exists.
              resources: ['*'],
            }),
            new iam.PolicyStatement({ sid: 'TagApiGatewayResources', ...apiGatewayTagging(partition) }),
            ...taggerGrantStatements(config, partition, account).map((s) => iam.PolicyStatement.fromJson(s)),
            new iam.PolicyStatement({ sid: 'ListRoles', actions: [...LIST_ACTIONS], resources: ['*'] }),
            // Describe calls and GetResources support no resource-level restriction.
            new iam.PolicyStatement({ sid: 'ListForCoverage', actions: [...COVERAGE_LIST_ACTIONS], resources: ['*'] }),
          ],
        }),
      },
    });
    // Marks the role for the SCP that protects it whatever case a call spells its name in.
    Tags.of(this.role).add(COMPONENT_TAG_KEY, TAGGER_ROLE_COMPONENT);
    acknowledgeWildcardResource(
      this.role,
      '*',
      'The role tags resources that principals of this account have just created, of any supported type and name, ' +
        'so no narrower resource exists; the actions are only tag additions and tag reads, plus iam:ListRoles and the ' +
        'EC2 Describe calls of coverage, which support no resource. Only the central tagger function and the named ' +
        'admins may assume the role.',
    );
    acknowledgeWildcardResource(
      this.role,
      apiGatewayTagging(partition).resources[0],
      'API Gateway tags resources through apigateway:PUT on /tags/{resource-arn}; the grant is limited to that path, ' +
        'so it adds tags to the APIs principals of this account create and cannot change the APIs themselves.',
    );
    for (const kind of ['role', 'user']) {
      acknowledgeWildcardResource(
        this.role,
        iamArn(kind),
        `The tagger reads the tags of whichever ${kind} of this account created a resource, and grants protected tags ` +
          `to the ${kind}s an admin names (only keys of the protected prefix); both are limited to this account.`,
      );
    }
  }
}
