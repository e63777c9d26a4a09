import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// npm run local:stack: deploys the stacks to LocalStack with cdklocal, after a quick look at whether
// LocalStack is there at all (otherwise cdklocal spends a minute synthesizing, then fails to resolve
// an account). The community edition lacks Cognito, HTTP APIs (v2), CloudFront and WAF, so there only
// the data stack (tables, queues with DLQs, buckets, secrets, alarm topic) is deployed; LocalStack Pro
// takes every stack.

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const endpoint = (process.env.AWS_ENDPOINT_URL || `http://${process.env.LOCALSTACK_HOST ?? 'localhost:4566'}`).replace(/\/$/, '');
const stage = process.env.STAGE ?? 'dev';

const health = async (): Promise<{ edition?: string; services?: Record<string, string> } | undefined> => {
  try {
    const response = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? ((await response.json()) as { edition?: string }) : undefined;
  } catch {
    return undefined;
  }
};

const found = await health();
if (!found) {
  console.error(
    [
      `LocalStack is not answering at ${endpoint} (checked ${endpoint}/_localstack/health).`,
      'Start it first, e.g.  docker run --rm -d -p 4566:4566 localstack/localstack',
      'or point AWS_ENDPOINT_URL / LOCALSTACK_HOST at where it runs. Nothing was synthesized or deployed.',
      'No Docker? `npm start` runs the whole platform locally without it.',
    ].join('\n'),
  );
  process.exit(1);
}

const community = found.edition !== 'pro' && found.edition !== 'enterprise';
const stacks = community ? [`MessagePlatform-${stage}-Data`] : ['--all'];
if (community) {
  console.log(`LocalStack ${found.edition ?? 'community'} edition at ${endpoint}: deploying the data stack only (no Cognito, HTTP API v2, CloudFront or WAF there).`);
}
/** node_modules/.bin/cdklocal of this checkout or of a folder above it (Node's own lookup order). */
const cdklocal = (): string => {
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'node_modules', '.bin', 'cdklocal');
    if (existsSync(bin)) return bin;
    if (path.dirname(dir) === dir) throw new Error('cdklocal not found: run npm install (aws-cdk-local is a devDependency)');
  }
};
const child = spawn(
  cdklocal(),
  ['deploy', ...stacks, '--require-approval', 'never', '-c', `stage=${stage}`, '-c', 'reservedConcurrency=false', ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: REPO_ROOT, env: { ...process.env, AWS_ENDPOINT_URL: endpoint } },
);
child.on('exit', (code) => process.exit(code ?? 1));
