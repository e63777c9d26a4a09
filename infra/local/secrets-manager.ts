import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import { freePort } from './free-port.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './local-aws.ts';

export interface LocalSecrets {
  endpoint: string;
  stop: () => Promise<void>;
}

/**
 * Generated once per secret: persisted in `file` (DATA_DIR/secrets.json) so codes issued before a
 * restart still verify, in memory otherwise.
 */
const loadValues = (ids: string[], file: string | undefined): Record<string, string> => {
  const values: Record<string, string> = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  let added = false;
  for (const id of ids) {
    if (values[id]) continue;
    values[id] = randomBytes(32).toString('hex');
    added = true;
  }
  if (file && added) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(values, null, 2), { mode: 0o600 });
  }
  return values;
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
export const startSecretsManager = async (secretIds: string[], options: { file?: string } = {}): Promise<LocalSecrets> => {
  const values = loadValues(secretIds, options.file);
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
      const value = values[secretId];
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
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
