import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import { secretNameOf } from '#contracts/provider-secrets';
import { freePort } from './free-port.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './local-aws.ts';

export interface LocalSecrets {
  endpoint: string;
  /** Sets (or rotates) a secret's value, as `aws secretsmanager put-secret-value` would. */
  set: (secretId: string, value: string) => void;
  stop: () => Promise<void>;
}

export interface LocalSecretsOptions {
  /** DATA_DIR/secrets.json: generated values are kept there, and an engineer may edit it. */
  file?: string;
  /** Values to serve as given (tests), beside the generated ones. */
  values?: Record<string, string>;
  /**
   * Secrets under this prefix (the stage's provider secrets) are generated on their first read, so a
   * send type naming one works locally; set the real value in the file to talk to a real gateway.
   */
  generateUnder?: string;
}

/**
 * Generated once per secret: persisted in `file` (DATA_DIR/secrets.json) so codes issued before a
 * restart still verify, in memory otherwise.
 */
const loadValues = (ids: string[], file: string | undefined): Record<string, string> => {
  const values: Record<string, string> = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const missing = ids.filter((id) => !values[id]);
  for (const id of missing) values[id] = randomBytes(32).toString('hex');
  if (missing.length > 0) persist(values, file);
  return values;
};

const persist = (values: Record<string, string>, file: string | undefined) => {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(values, null, 2), { mode: 0o600 });
};

const reply = (res: import('node:http').ServerResponse, status: number, payload: unknown) => {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(payload));
};

/**
 * A Secrets Manager stand-in for the local runner: the JSON protocol's GetSecretValue for the
 * manifest's secrets, on a loopback port. Functions reach it through AWS_ENDPOINT_URL_SECRETS_MANAGER
 * with the ordinary SDK client, so their code is the deployed code.
 */
export const startSecretsManager = async (secretIds: string[], options: LocalSecretsOptions = {}): Promise<LocalSecrets> => {
  const values = { ...loadValues(secretIds, options.file), ...options.values };
  const valueOf = (id: string): string | undefined => {
    if (!values[id] && options.generateUnder && id.startsWith(options.generateUnder)) {
      values[id] = randomBytes(32).toString('hex');
      persist(values, options.file);
    }
    return values[id];
  };
  const created = Date.now() / 1000;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'secretsmanager.GetSecretValue') {
        return reply(res, 400, { __type: 'UnknownOperationException', message: `${target || 'operation'} is not supported locally` });
      }
      let secretId = '';
      try {
        secretId = String((JSON.parse(Buffer.concat(chunks).toString() || '{}') as { SecretId?: string }).SecretId ?? '');
      } catch {
        return reply(res, 400, { __type: 'SerializationException', message: 'body is not JSON' });
      }
      // A partial ARN (…:secret:<name>) names the same secret as its name.
      secretId = secretNameOf(secretId);
      const value = valueOf(secretId);
      if (!value) return reply(res, 400, { __type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret.` });
      reply(res, 200, {
        ARN: `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${secretId}`,
        Name: secretId,
        SecretString: value,
        VersionId: 'local-1',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: created,
      });
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    set: (secretId, value) => {
      values[secretId] = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
