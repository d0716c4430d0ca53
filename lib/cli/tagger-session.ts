import { IAMClient } from '@aws-sdk/client-iam';
import { userInfo } from 'node:os';
import { iamArn, partitionOf } from '../../lambda/core/aws-syntax';
import { TagwardenConfig } from '../config';
import { assumeTaggerRole, sessionName } from '../principal-tags/iam-principal-tags';
import { awsClients, callerRegion } from '../common/aws-clients';
import { CliError } from '../common/cli-error';

export function taggerRoleArn(config: TagwardenConfig, account: string): string {
  return iamArn(partitionOf(config.homeRegion), account, `role/${config.taggerRoleName}`);
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/**
 * An IAM client acting as the tagger role of `account`. Reads go through it too, so a dry run checks that the
 * caller may assume the role before anyone runs --apply.
 */
export async function taggerIamClient(
  config: TagwardenConfig,
  regionFlag: string | undefined,
  account: string,
  operation: string,
): Promise<IAMClient> {
  const region = callerRegion(regionFlag, config.homeRegion);
  const roleArn = taggerRoleArn(config, account);
  try {
    const credentials = await assumeTaggerRole(awsClients.sts(region), roleArn, sessionName(operation, localUser()));
    return awsClients.iam(region, credentials);
  } catch (e) {
    const err = e as Error;
    if (err.name === 'AccessDenied' || err.name === 'AccessDeniedException') {
      throw new CliError(
        `cannot assume ${roleArn} (${err.message}): the account must be enrolled (see tagwarden enrollment status) and your principal listed in adminPrincipals`,
      );
    }
    throw e;
  }
}

/** Turns IAM's NoSuchEntity into a one-line reason naming the principal. */
export function principalNotFound(e: unknown, what: string, account: string): never {
  if ((e as Error).name === 'NoSuchEntityException') throw new CliError(`${what} does not exist in account ${account}`);
  throw e;
}
