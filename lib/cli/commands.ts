import { registerConfig } from './config-command';
import { registerDlq } from './dlq';
import { registerSelftest } from './selftest';
import { registerTrace } from './trace';
import { registerEnrollment } from './enrollment';
import { registerExplain } from './explain';
import { registerGrant } from './grant';
import { registerLint } from './lint';
import { registerListTags } from './list-tags';
import { registerPolicies } from './policies';
import { Registrar } from './program';

/** Every command of the CLI, in the order `--help` lists them. */
export const COMMANDS: Registrar[] = [registerPolicies, registerExplain, registerEnrollment, registerGrant, registerListTags, registerLint, registerConfig, registerSelftest, registerTrace, registerDlq];
