import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ENTRY_FILE, LAMBDA_NODE_MAJOR, lambdaBuildOptions } from '../infra/bundling/options.ts';
import { functionEnv } from '../infra/manifest/bindings.ts';
import { manifest } from '../infra/manifest/index.ts';
import { REPO_ROOT } from '../infra/local/platform.ts';

// Module init of each function's bundle beside a bare bundled DynamoDB document client, measured
// side by side in the same run: each bundle, built exactly as the api stack builds it, is imported by
// a fresh `node` process (what a Lambda cold start does before the first event), several times in
// turn, and the medians compared. The processes run the Node.js major Lambda runs (nodejs22.x), taken
// from the npm registry's `node` package when this machine has another: what an import costs moves
// with the major (Node 22 starts from a snapshot and loads more of its own modules on first use, so
// the bare client's import counts about a fifth more instructions than on Node 20, and the shares differ). The
// machine's own Node is measured beside it on the wall clock.

const BASELINE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => doc;`;

/** One function as deployed (infra/bundling/options.ts): its index.mjs, chunks beside it. */
const bundle = async (dir: string, name: string, entry: string): Promise<string> => {
  const outdir = join(dir, name);
  await build({ ...lambdaBuildOptions(entry, outdir), nodePaths: [join(REPO_ROOT, 'node_modules')], logLevel: 'silent' });
  return join(outdir, LAMBDA_ENTRY_FILE);
};

const FAKE = (name: string) => `bench-${name}`;
const lambdaEnv = { AWS_REGION: 'ap-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_LAMBDA_FUNCTION_NAME: 'bench' };

/** A Node.js binary and its version. */
interface NodeBinary {
  path: string;
  version: string;
}

const THIS_NODE: NodeBinary = { path: process.execPath, version: process.version };

/**
 * The Node.js that Lambda runs: this one when the majors match, else the registry's `node` package of
 * that major (npx keeps it once fetched), else undefined (the report then says the figures are this
 * machine's Node only).
 */
const lambdaNode = (): NodeBinary | undefined => {
  if (process.versions.node.split('.')[0] === String(LAMBDA_NODE_MAJOR)) return THIS_NODE;
  const found = spawnSync('npx', ['-y', '-p', `node@${LAMBDA_NODE_MAJOR}`, 'node', '-p', 'process.execPath + " " + process.version'], { encoding: 'utf8', timeout: 300_000 });
  const [path, version] = found.status === 0 ? found.stdout.trim().split(' ') : [];
  return path && version?.startsWith(`v${LAMBDA_NODE_MAJOR}.`) ? { path, version } : undefined;
};

const initMs = (node: NodeBinary, file: string, env: Record<string, string>): number => {
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(node.path, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...lambdaEnv, ...env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`init of ${file} failed: ${run.stderr.slice(0, 400)}`);
  return Number(run.stdout);
};

/**
 * How many zod objects (schemas, checks, clones) a bundle builds at load: counted in a run of its own
 * (not timed) through zod's construction hook, which it reads from globalThis before it loads.
 */
const zodObjectsAtLoad = (file: string, env: Record<string, string>): number => {
  const script = `let built = 0; globalThis.__zod_globalConfig = { postProcessor: () => { built++; } }; await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(built));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...lambdaEnv, ...env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`init of ${file} failed: ${run.stderr.slice(0, 400)}`);
  return Number(run.stdout);
};

const IMPORT_SCRIPT = (file: string) => `await import(${JSON.stringify(`file://${file}`)});`;

/** Whether valgrind is on this machine: the instruction counts are measured only where it is. */
const hasValgrind = (): boolean => spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * Instructions a fresh `node` executes to import the bundle (valgrind's instruction count, less the
 * same process with nothing imported). Unlike the wall clock it counts work, not waiting, so small
 * changes show: run one at a time it repeats within about 0.2 %. (Two at a time on two cores it moved
 * by up to 7 %: Node's compiler and collector threads then do different amounts of work.)
 */
const instructions = (node: NodeBinary, script: string, env: Record<string, string>): Promise<number> =>
  new Promise((resolve, reject) => {
    const run = spawn('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', node.path, '--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...lambdaEnv, ...env } });
    let err = '';
    run.stderr.on('data', (d: Buffer) => (err += d.toString()));
    run.on('error', reject);
    run.on('close', () => {
      const count = /I\s+refs:\s+([\d,]+)/.exec(err)?.[1];
      if (count) resolve(Number(count.replaceAll(',', '')));
      else reject(new Error(`valgrind gave no count: ${err.slice(-400)}`));
    });
  });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each function's import instructions over the baseline's (one valgrind run each, one at a time). */
const instructionRatiosOf = async (node: NodeBinary, baseline: string, files: Record<string, string>, envOf: (name: string) => Record<string, string>): Promise<{ baselineMillions: number; ratios: Record<string, number> }> => {
  const names = Object.keys(files);
  const bare = await instructions(node, '', {});
  const base = await instructions(node, IMPORT_SCRIPT(baseline), {});
  const counts: number[] = [];
  for (const name of names) counts.push(await instructions(node, IMPORT_SCRIPT(files[name]!), envOf(name)));
  const baseImport = base - bare;
  return { baselineMillions: Math.round(baseImport / 1e5) / 10, ratios: Object.fromEntries(names.map((name, i) => [name, Math.round(((counts[i]! - bare!) / baseImport) * 100) / 100])) };
};

/** The function measured a second time with the deploy option sourceMaps on (NODE_OPTIONS), to show what it costs. */
const WITH_SOURCE_MAPS = 'sendMessage';

export const benchColdStarts = async (runs = 9) => {
  const dir = mkdtempSync(join(tmpdir(), 'cold-'));
  try {
    const baselineEntry = join(dir, 'baseline.ts');
    writeFileSync(baselineEntry, BASELINE);
    const baseline = await bundle(dir, 'baseline', baselineEntry);
    const files: Record<string, string> = {};
    for (const [name, spec] of Object.entries(manifest.functions)) files[name] = await bundle(dir, name, resolve(REPO_ROOT, spec.entry));
    const resolved = { table: FAKE, queueUrl: (n: string) => `https://sqs.ap-east-1.amazonaws.com/000000000000/${n}`, dlqUrl: (n: string) => `https://sqs.ap-east-1.amazonaws.com/000000000000/${n}-dlq`, bucket: FAKE, secret: FAKE, scheduler: () => ({ groupName: 'bench', roleArn: 'arn:aws:iam::000000000000:role/bench-scheduler' }) };
    const envOf = (name: string) => functionEnv(name, manifest.functions[name as keyof typeof manifest.functions], 'bench', resolved);
    const lambda = lambdaNode();
    const node = lambda ?? THIS_NODE;
    const local = lambda && lambda !== THIS_NODE ? THIS_NODE : undefined;
    const times: Record<string, number[]> = { baseline: [], sourceMaps: [] };
    const localTimes: Record<string, number[]> = { baseline: [] };
    // Interleaved, so a busy moment of the machine falls on every bundle alike.
    for (let run = 0; run < runs; run++) {
      times.baseline!.push(initMs(node, baseline, {}));
      if (local) localTimes.baseline!.push(initMs(local, baseline, {}));
      for (const name of Object.keys(manifest.functions)) {
        (times[name] ??= []).push(initMs(node, files[name]!, envOf(name)));
        if (local) (localTimes[name] ??= []).push(initMs(local, files[name]!, envOf(name)));
      }
      times.sourceMaps!.push(initMs(node, files[WITH_SOURCE_MAPS]!, { ...envOf(WITH_SOURCE_MAPS), NODE_OPTIONS: '--enable-source-maps' }));
    }
    const base = median(times.baseline!);
    const figure = (xs: number[]) => ({ initMs: Math.round(median(xs) * 10) / 10, ratio: Math.round((median(xs) / base) * 100) / 100 });
    const localRatio = (name: string) => Math.round((median(localTimes[name]!) / median(localTimes.baseline!)) * 100) / 100;
    const counted = hasValgrind() ? await instructionRatiosOf(node, baseline, files, envOf) : undefined;
    const functions = Object.fromEntries(
      Object.keys(manifest.functions).map((name) => [
        name,
        { ...figure(times[name]!), ...(counted ? { instructionRatio: counted.ratios[name]! } : {}), ...(local ? { localNodeRatio: localRatio(name) } : {}), zodObjectsAtLoad: zodObjectsAtLoad(files[name]!, envOf(name)) },
      ]),
    );
    return {
      node: node.version,
      lambdaNode: lambda !== undefined,
      ...(local ? { localNode: local.version, localBaselineInitMs: Math.round(median(localTimes.baseline!) * 10) / 10 } : {}),
      baselineInitMs: Math.round(base * 10) / 10,
      ...(counted ? { baselineInstructionsMillions: counted.baselineMillions } : {}),
      runs,
      functions,
      withSourceMaps: { function: WITH_SOURCE_MAPS, ...figure(times.sourceMaps!) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
