import { manifest } from '../../infra/manifest/index.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { startLocalPlatform } from '../../infra/local/platform.ts';

// The local platform as a process of its own, for the fault drill to SIGKILL and start again on the
// same data directory: `node --import tsx test/support/drill-runner.ts` with PORT, DATA_DIR,
// CLOCK_OFFSET_MS (the functions' clock, ahead of real time) and SCHEDULE_MS (how often the rescans run).
// Prints `ready <url> <DynamoDB endpoint> <messages table> <Java pid>` once it serves.

const platform = await startLocalPlatform({
  manifest,
  port: Number(process.env.PORT),
  ...(process.env.DATA_DIR ? { dataDir: process.env.DATA_DIR } : {}),
  seed: seedDemo,
  clockOffsetMs: Number(process.env.CLOCK_OFFSET_MS ?? 0),
  scheduleIntervalMs: (_name, rateMinutes) => Number(process.env.SCHEDULE_MS ?? rateMinutes * 60_000),
  onLog: (name, line) => {
    if (/"level":"(ERROR|CRITICAL)"/.test(line)) process.stderr.write(`[${name}] ${line}\n`);
  },
});
await platform.warm(['sendMessage', 'splitRequest', 'sendSms'], { only: true });
process.stdout.write(`ready ${platform.url} ${platform.dynamo.endpoint} ${platform.resolved.table('messages')} ${platform.dynamo.pid}\n`);
const stop = () => void platform.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
