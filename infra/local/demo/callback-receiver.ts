import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCallbackConfigStore } from '#adapters/callbacks/callback-config-store';
import { secretSealer } from '#adapters/callbacks/secret-sealer';
import { auditOf } from '#core/admin/ports';
import { freePort } from '../free-port.ts';
import { LOCAL_REGION, localCredentials } from '../local-aws.ts';

/** The demo institution's callback signing secret (shown here because it is a demo, like its API key). */
export const DEMO_CALLBACK_SECRET = 'demo-callback-secret';
const DEMO_INSTITUTION = 'OUTPLATFORM';
const PATH = '/hooks/hcmsg';

export interface ReceivedCallback {
  at: string;
  verified: boolean;
  body: unknown;
}

export interface DemoCallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  stop: () => Promise<void>;
}

/** What a caller's endpoint does (docs/CALLBACKS.md): check the timestamp window and the v1 signature. */
const verify = (secret: string, timestamp: string, signature: string, body: string): boolean => {
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  return signature.split(',').some((s) => Buffer.from(s.trim()).length === expected.length && timingSafeEqual(Buffer.from(s.trim()), expected));
};

/**
 * `npm start`'s stand-in for a caller's callback endpoint: OUTPLATFORM's callback URL points here
 * (set on every start, since the port is chosen then), each signed batch is verified and printed, and
 * GET / lists what arrived. Only a URL that pointed at an earlier demo receiver is replaced.
 */
export const startDemoCallbackReceiver = async (context: {
  doc: DynamoDBDocumentClient;
  tables: { config: string; audit: string };
  secretsEndpoint: string;
  callbackKeyId: string;
  log: (line: string) => void;
}): Promise<DemoCallbackReceiver> => {
  const received: ReceivedCallback[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify({ received: received.slice(-100) }, null, 2));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = verify(DEMO_CALLBACK_SECRET, String(req.headers['x-hcmsg-timestamp'] ?? ''), String(req.headers['x-hcmsg-signature'] ?? ''), body);
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = body;
      }
      received.push({ at: new Date().toISOString(), verified, body: parsed });
      const batch = parsed as { requestNo?: string; outcome?: string; part?: number; parts?: number; recipients?: unknown[] };
      context.log(`callback ${verified ? 'signature ok' : 'SIGNATURE INVALID'}: ${batch.requestNo ?? '?'} ${batch.outcome ?? ''} part ${batch.part ?? '?'}/${batch.parts ?? '?'} (${batch.recipients?.length ?? 0} recipients)`);
      res.writeHead(verified ? 200 : 401, { 'content-type': 'text/plain' });
      res.end(verified ? 'ok' : 'bad signature');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${port}${PATH}`;

  const secrets = new SecretsManagerClient({ endpoint: context.secretsEndpoint, region: LOCAL_REGION, credentials: localCredentials });
  const key = async () => Buffer.from((await secrets.send(new GetSecretValueCommand({ SecretId: context.callbackKeyId }))).SecretString ?? '', 'utf8');
  const store = createCallbackConfigStore(context.doc, context.tables.config, context.tables.audit);
  const before = await store.get(DEMO_INSTITUTION);
  if (!before || (before.url.startsWith('http://127.0.0.1:') && before.url.endsWith(PATH))) {
    const actor = { username: 'local-runner', role: 'admin' as const };
    const item = {
      institution: DEMO_INSTITUTION,
      url,
      enabled: before?.enabled ?? true,
      secretPrefix: DEMO_CALLBACK_SECRET.slice(0, 8),
      sealedSecret: await secretSealer(key).seal(DEMO_CALLBACK_SECRET, DEMO_INSTITUTION),
      version: (before?.version ?? 0) + 1,
      updatedAt: new Date().toISOString(),
      updatedBy: actor.username,
    };
    const { sealedSecret: _s, ...after } = item;
    await store.put(item, before?.version, auditOf({ now: () => new Date(), newId: () => crypto.randomUUID() }, actor, { entity: 'callback', entityId: DEMO_INSTITUTION, action: before ? 'update' : 'create', after }));
  }
  return {
    url,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
