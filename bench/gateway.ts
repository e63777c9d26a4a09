import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConfigStore } from '../layers/adapters/dynamo/config-store.ts';
import { CALLBACK_SIGNATURE_HEADER, CALLBACK_TIMESTAMP_HEADER } from '../layers/contracts/callbacks.ts';
import { providerSecretPrefix } from '../layers/contracts/provider-secrets.ts';
import { signPayload } from '../layers/core/callbacks/signature.ts';
import { LOCAL_REGION, localCredentials } from '../infra/local/local-aws.ts';
import { LOCAL_STAGE, type LocalPlatform, type SeedContext } from '../infra/local/platform.ts';

// An SMS gateway for the cost bench: the production path of an SMS (the HTTP_SMS provider, its
// signed receipt through POST /api/hcmsg/callbacks/sms/{sendTypeId}) without the OUTBOX's own store.
// It answers each call with its own id and posts the receipt, signed with the send type's key, a
// moment later, as a real gateway does. Requests of `BENCH_GATEWAY` go to it.

export const GATEWAY_BIZ_TYPE = 'BENCH_GATEWAY';
const SEND_TYPE = 'BENCH_GATEWAY_SMS';
const SECRET = `${providerSecretPrefix(LOCAL_STAGE)}bench-gateway`;
// As the OUTBOX's receipts (2 s), so both paths send at the same pace and share rate leases alike.
const RECEIPT_DELAY_MS = 2_000;

export interface BenchGateway {
  url: string;
  /** The platform's address and the key the receipts are signed with: set once the platform runs. */
  attach: (platform: LocalPlatform) => Promise<void>;
  /** Its configuration (send type, business type, dispatch), written with the demo's. */
  seed: (context: SeedContext) => Promise<void>;
  calls: () => number;
  stop: () => Promise<void>;
}

export const startBenchGateway = async (): Promise<BenchGateway> => {
  let platformUrl = '';
  let key = '';
  let calls = 0;
  const receipt = async (messageId: string, providerMessageId: string, mobile: string) => {
    const body = JSON.stringify({ reports: [{ messageId, providerMessageId, mobile, status: 'DELIVERED', reportTime: new Date().toISOString() }] });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(`${platformUrl}/api/hcmsg/callbacks/sms/${SEND_TYPE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CALLBACK_TIMESTAMP_HEADER]: String(timestamp), [CALLBACK_SIGNATURE_HEADER]: signPayload(key, timestamp, body) },
      body,
    });
    if (!response.ok) console.error(`bench gateway: receipt refused ${response.status} ${await response.text()}`);
  };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      calls++;
      const { messageId, mobile } = JSON.parse(text) as { messageId: string; mobile: string };
      const providerMessageId = `gw-${messageId}`;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: providerMessageId }));
      setTimeout(() => void receipt(messageId, providerMessageId, mobile).catch((error: Error) => console.error(`bench gateway: ${error.message}`)), RECEIPT_DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  return {
    url,
    async attach(platform) {
      platformUrl = platform.url;
      const env = platform.envOf('receiveGatewayReports');
      const secrets = new SecretsManagerClient({ endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER, region: LOCAL_REGION, credentials: localCredentials });
      // The local Secrets Manager makes a provider secret's key on its first read; the platform reads the same.
      key = (await secrets.send(new GetSecretValueCommand({ SecretId: SECRET }))).SecretString ?? '';
    },
    async seed(context) {
      const store = createConfigStore(DynamoDBDocumentClient.from(context.dynamo.client), context.resolved.table('config'));
      const by = { by: 'bench' };
      await store.put('sendType', { id: SEND_TYPE, name: '短信网关 (bench)', channel: 'SMS', provider: 'HTTP_SMS', settings: { url, signingKeySecret: SECRET }, enabled: true }, by);
      await store.put('bizType', { code: GATEWAY_BIZ_TYPE, name: '网关成本 (bench)', enabled: true, priority: 5, greenLane: false, smsType: 'Promotional', critical: false }, by);
      await store.put('dispatchConfig', { id: 'BENCH_GATEWAY', name: '网关成本 → 短信网关', enabled: true, priority: 10, match: { bizType: GATEWAY_BIZ_TYPE }, sendLimit: 3 }, by);
      await store.put('dispatchMethod', { id: 'BENCH_GATEWAY_SMS', dispatchConfigId: 'BENCH_GATEWAY', sendTypeId: SEND_TYPE, greenLane: false, enabled: true }, by);
    },
    calls: () => calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
