import { registerBackfill } from './backfill';
import { registerConfig } from './config-command';
import { registerCoverage } from './coverage';
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
export const COMMANDS: Registrar[] = [
  registerPolicies,
  registerExplain,
  registerEnrollment,
  registerGrant,
  registerListTags,
  registerCoverage,
  registerBackfill,
  registerSelftest,
  registerTrace,
  registerDlq,
  registerLint,
  registerConfig,
];
