import { DynamoSessionReader } from '../../lambda/aws/session-reader';
import { CachedSessionLookup } from '../../lambda/core/session-cache';
import { SETTINGS_ENV } from '../../lambda/core/settings';
import { createSessionLookup, productionDeps } from '../../lambda/tagger/index';
import { runtimeSettings } from '../support/engine';
import { MemorySessions } from '../support/sessions';

const settings = runtimeSettings();

describe('productionDeps', () => {
  const env = {
    [SETTINGS_ENV]: JSON.stringify(settings),
    DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/222222222222/dlq',
    MAX_RECEIVES: '8',
  };

  test('builds the engine from the environment, with the session lookup it is given', async () => {
    const sessions = new MemorySessions();
    const deps = productionDeps(env, () => sessions);
    // Reached through the session cache: a second lookup of one session does not reach the store.
    expect(deps.sessions).toBeInstanceOf(CachedSessionLookup);
    const identity = {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/Dev/jane',
      accessKeyId: 'ASIAEXAMPLE00000001',
    };
    await deps.sessions.lookup('123456789012', identity);
    await deps.sessions.lookup('123456789012', identity);
    expect(sessions.calls).toEqual([{ account: '123456789012', accessKeyId: 'ASIAEXAMPLE00000001' }]);
    expect(deps.maxReceives).toBe(8);
    expect(deps.settings).toMatchObject({ protectedTagPrefix: 'scp-', conflict: 'keep' });
  });

  test('refuses to start without its dead-letter queue or its settings', () => {
    expect(() => productionDeps({ [SETTINGS_ENV]: env[SETTINGS_ENV] }, () => new MemorySessions())).toThrow(
      /DLQ_URL is not set/,
    );
    expect(() => productionDeps({ DLQ_URL: env.DLQ_URL }, () => new MemorySessions())).toThrow(
      /TAGWARDEN_SETTINGS is not set/,
    );
  });

  test('the production session lookup is the DynamoDB session reader over the configured table: it cannot write', () => {
    const lookup = createSessionLookup(settings);
    expect(lookup).toBeInstanceOf(DynamoSessionReader);
    expect(lookup).not.toHaveProperty('put');
    expect(lookup).toMatchObject({ tableName: 'tagwarden-sessions', deliveryWindowSeconds: 900 });
  });
});
