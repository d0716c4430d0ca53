import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';

/**
 * Every client retries throttled calls itself: adaptive mode backs off and slows the client's own request rate
 * after a throttle, which suits listing a large organization through APIs limited to a few calls per second.
 */
export const RETRY_CONFIG = { maxAttempts: attemptsFromEnv() ?? 10, retryMode: 'adaptive' } as const;

/** AWS_MAX_ATTEMPTS, as the AWS CLI and SDKs read it, overrides the CLI's default of 10 attempts. */
function attemptsFromEnv(): number | undefined {
  const n = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/**
 * Credentials and profile come from the SDK's default chain, which reads the AWS_PROFILE and AWS_REGION that the
 * global --profile/--region flags set. Regional APIs (StackSets, CloudTrail) are given their region explicitly.
 */
export const awsClients = {
  organizations: (region: string) => watchSlowCalls(new OrganizationsClient({ ...RETRY_CONFIG, region })),
  cloudFormation: (region: string) => watchSlowCalls(new CloudFormationClient({ ...RETRY_CONFIG, region })),
  cloudTrail: (region: string) => watchSlowCalls(new CloudTrailClient({ ...RETRY_CONFIG, region })),
  sts: (region: string) => watchSlowCalls(new STSClient({ ...RETRY_CONFIG, region })),
  iam: (region: string, credentials: TemporaryCredentials) =>
    watchSlowCalls(new IAMClient({ ...RETRY_CONFIG, region, credentials })),
};

/** Where slow-call notices go: stderr, set by the program before a command runs; silent in library use. */
let notify: ((message: string) => void) | undefined;

export function notifySlowCalls(sink: (message: string) => void): void {
  notify = sink;
}

/** How long a call may take before the CLI says it is still waiting. */
const SLOW_CALL_MS = 3000;

interface Watchable {
  middlewareStack: { add: (mw: never, options: { step: 'initialize'; name: string }) => void };
}

/**
 * Says on stderr, every few seconds, that a call is still running: with 10 attempts the SDK can retry an
 * unreachable endpoint for half a minute, and silence looks like a hang.
 */
export function watchSlowCalls<C extends Watchable>(client: C): C {
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
    async (args: unknown) => {
      const started = Date.now();
      const call =
        `${(context.clientName ?? 'AWS').replace(/Client$/, '')} ${(context.commandName ?? '').replace(/Command$/, '')}`.trim();
      const timer = setInterval(() => {
        const seconds = Math.round((Date.now() - started) / 1000);
        notify?.(
          `still waiting for ${call} after ${seconds} s: the AWS SDK is retrying (network errors and throttling); Ctrl-C stops`,
        );
      }, SLOW_CALL_MS);
      timer.unref();
      try {
        return await next(args);
      } finally {
        clearInterval(timer);
      }
    };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'tagwardenSlowCallNotice' });
  return client;
}

/** The region for clients of global or caller-side APIs: --region, else AWS_REGION, else the config's home region. */
export function callerRegion(flag: string | undefined, homeRegion: string): string {
  return flag ?? process.env.AWS_REGION ?? homeRegion;
}

/** Credentials of an assumed role, as the IAM client takes them. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
}
