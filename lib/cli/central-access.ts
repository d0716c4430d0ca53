import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { userInfo } from 'node:os';
import { CENTRAL_OUTPUT, CentralOutputs } from '../central-outputs';
import { TagwardenConfig } from '../config';
import { CENTRAL_STACK_NAME, operatorRoleArn } from '../names';
import { sessionName } from '../principal-tags/iam-principal-tags';
import { awsClients, RETRY_CONFIG, TemporaryCredentials } from '../common/aws-clients';
import { CliError } from '../common/cli-error';

/** How the CLI reaches the central account: the operator role, or the user's own profile there. */
export interface CentralAccess {
  /** Spread into a client's config: region plus credentials or profile. */
  clientConfig: {
    region: string;
    maxAttempts: number;
    retryMode: 'adaptive';
    profile?: string;
    credentials?: TemporaryCredentials;
  };
  outputs: CentralOutputs;
}

export interface CentralOptions {
  centralProfile?: string;
}

export const CENTRAL_PROFILE_OPTION = [
  '--central-profile <name>',
  'use this AWS profile in the central account instead of assuming the operator role',
] as const;

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/**
 * Assumes the operator role (or takes --central-profile) and reads the central stack's outputs, which name the
 * queues, tables and log groups the operations commands act on.
 */
export async function centralAccess(
  config: TagwardenConfig,
  options: CentralOptions,
  operation: string,
): Promise<CentralAccess> {
  const region = config.homeRegion;
  let clientConfig: CentralAccess['clientConfig'];
  if (options.centralProfile) {
    clientConfig = { ...RETRY_CONFIG, region, profile: options.centralProfile };
  } else {
    const roleArn = operatorRoleArn(config);
    try {
      const { Credentials: c } = await awsClients.sts(region).send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName(operation, localUser()),
          DurationSeconds: 3600,
        }),
      );
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
        throw new Error(`AssumeRole on ${roleArn} returned no credentials`);
      const credentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
      clientConfig = { ...RETRY_CONFIG, region, credentials };
    } catch (e) {
      const err = e as Error;
      if (err.name === 'AccessDenied' || err.name === 'AccessDeniedException') {
        throw new CliError(
          `cannot assume ${roleArn} (${err.message}): your principal must be listed in adminPrincipals and the ` +
            `central stack deployed; ` +
            'or pass --central-profile NAME for credentials in the central account',
        );
      }
      throw e;
    }
  }
  return { clientConfig, outputs: await readOutputs(new CloudFormationClient(clientConfig)) };
}

async function readOutputs(cfn: CloudFormationClient): Promise<CentralOutputs> {
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: CENTRAL_STACK_NAME }));
  const found = new Map((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  const outputs = {} as CentralOutputs;
  for (const [field, key] of Object.entries(CENTRAL_OUTPUT) as [keyof CentralOutputs, string][]) {
    const value = found.get(key);
    if (!value)
      throw new CliError(
        `the central stack ${CENTRAL_STACK_NAME} has no output ${key}: deploy this version of tagwarden (npx cdk ` +
          `deploy --all)`,
      );
    outputs[field] = value;
  }
  return outputs;
}
