import { loadSharedConfigFiles } from '@smithy/core/config';

/**
 * Whether a named profile exists in the shared config or credentials file, as the SDK reads them (the same files and
 * the same AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE overrides), so `--profile nosuch` fails at once by name.
 */
export async function profileExists(name: string): Promise<boolean> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles();
  return name in configFile || name in credentialsFile;
}
