import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providerSecretPrefix } from '#contracts/provider-secrets';
import { startSecretsManager } from '../../../infra/local/secrets-manager.ts';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws.ts';

// The runner's Secrets Manager stand-in serves provider secrets a send type names, so an HTTP_SMS
// send type works under `npm start`; the value is kept where an engineer can set the real one.

describe('local Secrets Manager: provider secrets', () => {
  it('generates a provider secret on first read, keeps it in the data file, serves it by name or ARN; nothing outside the prefix', async () => {
    const prefix = providerSecretPrefix('local');
    const file = join(mkdtempSync(join(tmpdir(), 'secrets-')), 'secrets.json');
    const secrets = await startSecretsManager(['mp/captchaKey'], { file, generateUnder: prefix });
    try {
      const client = new SecretsManagerClient({ endpoint: secrets.endpoint, region: LOCAL_REGION, credentials: localCredentials });
      const read = async (id: string) => (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
      const first = await read(`${prefix}sms-gateway`);
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(await read(`arn:aws:secretsmanager:${LOCAL_REGION}:000000000000:secret:${prefix}sms-gateway`)).toBe(first);
      expect((JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)[`${prefix}sms-gateway`]).toBe(first);
      const outside = await read('message-platform/local/other').catch((e: unknown) => (e as Error).name);
      expect(outside).toBe('ResourceNotFoundException');
    } finally {
      await secrets.stop();
    }
  });
});
