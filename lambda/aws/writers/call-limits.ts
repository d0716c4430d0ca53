/*
 * How many resources one tagging call takes, per API. Kept apart from the writers so that reading a limit does not
 * load a writer's SDK package.
 */

/** tag:TagResources accepts at most 20 ARNs a call. */
export const RGTA_MAX_ARNS = 20;

/** ec2:CreateTags takes at most 1,000 resource ids a call. */
export const EC2_MAX_IDS = 1000;
