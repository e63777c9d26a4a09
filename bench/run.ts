import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { manifest } from '../infra/manifest/index.ts';
import { seedDemo } from '../infra/local/demo/seed-demo.ts';
import { startLocalPlatform } from '../infra/local/platform.ts';
import { bundleSizes } from './bundle-sizes.ts';
import { startCountingProxy } from './counting-proxy.ts';
import { benchAdminQueries } from './admin-queries.ts';
import { costOfRecipientIndex } from './recipient-index.ts';
import { benchApiKeyAuth } from './api-key-auth.ts';
import { benchCaptcha } from './captcha.ts';
import { benchInterception } from './interception.ts';
import { startBenchGateway } from './gateway.ts';
import { benchPipeline, costPerDeliveredSms, type Probes } from './pipeline.ts';
import { round } from './stats.ts';
import { benchFaultDrill } from './fault-drill.ts';
import { failoverDrill, keyShares, modelledCeiling } from './ceiling.ts';
import { benchColdStarts } from './cold-starts.ts';
import { providersReport } from './providers-report.ts';
import { acceptOnly, benchFileImport } from './file-import.ts';
import { fileImportReport } from './file-import-report.ts';
import { benchReportIngestion } from './delivery-reports.ts';
import { benchThroughput } from './throughput.ts';

// `npm run bench [-- --out file.json]`: every figure from one run on this machine, printed as a
// report and written as JSON. Ratios compare numbers measured in the same run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg > 0 ? process.argv[outArg + 1]! : 'bench/results/latest.json');
// `--only cost,bundles` runs just those parts (for iterating on one figure); the default runs all.
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]!.split(',')) : undefined;
const wanted = (part: 'bundles' | 'pipeline' | 'cost' | 'reports' | 'captcha' | 'admin' | 'interception' | 'auth' | 'drill' | 'providers' | 'coldstart' | 'import' | 'throughput') =>
  !only || only.has(part) || (part === 'cost' && only.has('pipeline')) || (part === 'reports' && only.has('cost'));

const log = (line: string) => process.stdout.write(`${line}\n`);
const report: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
/** Written after every part, so a part that fails keeps what the others measured. */
const save = () => {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
};

if (wanted('bundles')) {
  log('bundling functions…');
  report.bundles = await bundleSizes();
  save();
}

const proxies: { dynamodb?: Awaited<ReturnType<typeof startCountingProxy>>; sqs?: Awaited<ReturnType<typeof startCountingProxy>> } = {};
const needsPlatform = wanted('pipeline') || wanted('cost') || wanted('reports') || wanted('captcha');
const gateway = needsPlatform ? await startBenchGateway() : undefined;
const platform = !needsPlatform ? undefined : await startLocalPlatform({
  manifest,
  port: 0,
  seed: async (context) => {
    await seedDemo(context);
    await gateway?.seed(context);
  },
  interpose: async (service, endpoint) => {
    const proxy = await startCountingProxy(endpoint, service);
    proxies[service] = proxy;
    return proxy.endpoint;
  },
});
if (platform) {
  try {
    await gateway?.attach(platform);
    const probes: Probes = {
      dynamo: proxies.dynamodb!.counts,
      sqs: proxies.sqs!.counts,
      dynamoEndpoint: proxies.dynamodb!.endpoint,
      reset: () => {
        proxies.dynamodb!.reset();
        proxies.sqs!.reset();
      },
    };
    if (wanted('pipeline')) {
      log('pipeline…');
      report.pipeline = await benchPipeline(platform, probes, gateway);
    } else if (wanted('cost')) {
      log('cost of one delivered SMS…');
      report.pipeline = { perDeliveredSms: await costPerDeliveredSms(platform, probes, gateway) };
    }
    save();
    if (wanted('cost')) {
      log('cost of the recipient index (find by recipient)…');
      report.recipientIndex = await costOfRecipientIndex(platform, probes);
      save();
    }
    if (wanted('reports')) {
      log('status report ingestion throughput…');
      report.reportIngestion = await benchReportIngestion(platform);
      save();
    }
    if (wanted('captcha')) {
      log('captcha…');
      report.captcha = await benchCaptcha(platform, probes);
      save();
    }
  } finally {
    await platform.stop();
    await gateway?.stop();
    await proxies.dynamodb?.stop();
    await proxies.sqs?.stop();
  }
}

if (wanted('admin')) {
  log('admin queries at 10,000 records…');
  report.adminQueries = await benchAdminQueries();
  save();
}
if (wanted('interception')) {
  log('interception of 10,000 recipients…');
  report.interception = await benchInterception();
  save();
}
if (wanted('auth')) {
  log('API-key check: live key reads vs the cache…');
  report.apiKeyAuth = await benchApiKeyAuth();
  save();
}

if (wanted('import')) {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
  log(`file import of ${rows} rows…`);
  const own = await startLocalPlatform({ manifest: acceptOnly(manifest), port: 0, seed: seedDemo, onLog: () => undefined });
  try {
    report.fileImport = await benchFileImport(own, log, rows, Number(process.env.BENCH_IMPORT_MAX_SECONDS ?? 360));
  } finally {
    await own.stop();
  }
  save();
}

if (wanted('throughput')) {
  const sizes = { singles: Number(process.env.BENCH_TP_SINGLES ?? 2_000), bulk: Number(process.env.BENCH_TP_BULK ?? 10_000) };
  log(`throughput: ${sizes.singles} one-recipient messages and one ${sizes.bulk}-recipient request, end to end…`);
  const counting: { proxy?: Awaited<ReturnType<typeof startCountingProxy>> } = {};
  const own = await startLocalPlatform({
    manifest,
    port: 0,
    seed: seedDemo,
    onLog: () => undefined,
    interpose: async (service, endpoint) => {
      if (service !== 'dynamodb') return endpoint;
      counting.proxy = await startCountingProxy(endpoint, service);
      return counting.proxy.endpoint;
    },
  });
  const loadBefore = loadavg();
  try {
    const proxy = counting.proxy!;
    report.throughput = { ...(await benchThroughput(own, proxy, { ...sizes, log })), loadAverage: { before: loadBefore.map((n) => round(n, 2)), after: loadavg().map((n) => round(n, 2)), cores: availableParallelism() } };
  } finally {
    await own.stop();
    await counting.proxy?.stop();
  }
  save();
}

if (wanted('drill')) {
  log('fault drill: 300 messages at 20/s per scenario…');
  report.faultDrill = await benchFaultDrill(log);
  save();
}

if (wanted('providers')) {
  log('providers: key shares, modelled ceiling, failover drill…');
  report.providers = { keys: keyShares(), ceiling: modelledCeiling(), drill: await failoverDrill() };
  save();
}
if (wanted('coldstart')) {
  log('cold starts: every bundle beside a bare DynamoDB document client…');
  report.coldStarts = await benchColdStarts();
  save();
}

log(JSON.stringify(report, null, 2));
if (report.providers || report.coldStarts || report.throughput) {
  const parts = { ...(report.providers as object), coldStarts: report.coldStarts, throughput: report.throughput } as Parameters<typeof providersReport>[0];
  log(`\n${providersReport(parts)}`);
}
if (report.fileImport) log(`\n${fileImportReport(report.fileImport as Parameters<typeof fileImportReport>[0])}`);
log(`\nwritten to ${out}`);
