import { manifest } from '../manifest/index.ts';
import { DEMO_CALLBACK_SECRET } from './demo/callback-receiver.ts';
import { DEMO_MQ_TARGET_QUEUE } from './demo/mq-target.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { DEMO_USERS } from './local-auth.ts';
import { startLocalPlatform } from './platform.ts';

// `npm start`: the whole platform on this machine, no AWS account, no Docker.
// The SDK's notice that it will need Node 22 (what Lambda runs) says nothing about this platform.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const started = Date.now();
const platform = await startLocalPlatform({
  manifest,
  port: Number(process.env.PORT ?? 3000),
  ...(process.env.DATA_DIR ? { dataDir: process.env.DATA_DIR } : {}),
  seed: seedDemo,
  demoCallbacks: true,
  targetQueues: [DEMO_MQ_TARGET_QUEUE],
}).catch((error: Error) => {
  // The reason is the message (no Java, a port taken, DynamoDB Local not on loopback): no stack.
  process.stderr.write(`\nThe platform did not start: ${error.message}\n`);
  process.exit(1);
});

// Created at start (targetQueues); CreateQueue of an existing queue answers its URL.
const mqTargetUrl = await platform.sqs.createQueue(DEMO_MQ_TARGET_QUEUE);
const users = Object.entries(DEMO_USERS)
  .map(([name, user]) => `${name}/${user.password} (${user.group})`)
  .join(', ');
process.stdout.write(
  [
    '',
    `消息平台 Message Platform is running (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  Admin centre  ${platform.url}/`,
    `  API           ${platform.url}/api  (health: ${platform.url}/api/health)`,
    `  API docs      ${platform.url}/api/docs`,
    `  Operators     ${users}`,
    `  Demo API key  institution OUTPLATFORM, x-api-key: demo-outplatform-key`,
    ...(platform.callbacks ? [`  Callbacks     OUTPLATFORM's signed callbacks arrive at ${platform.callbacks.url} (GET it to list them; secret ${DEMO_CALLBACK_SECRET})`] : []),
    `  MQ target     ${DEMO_MQ_TARGET_QUEUE} (business type LEDGER_NOTICE): aws --endpoint-url ${platform.sqs.endpoint} sqs receive-message --queue-url ${mqTargetUrl}`,
    `  Data          ${process.env.DATA_DIR ? `persisted in ${process.env.DATA_DIR}` : 'in memory (set DATA_DIR to keep it)'}`,
    '  Ctrl-C stops everything.',
    '',
  ].join('\n'),
);

// Load the functions in the background, the message pipeline first, so a request sent right after
// start is not slowed by cold starts (each module takes about a second to load here).
const warming = Date.now();
void platform
  .warm(['sendMessage', 'splitRequest', 'sendSms', 'sendEmail', 'sendPush', 'sendMq', 'getRequestStatus', 'captchaSend', 'captchaVerify'])
  .then(() => process.stdout.write(`  Functions warm (${((Date.now() - warming) / 1000).toFixed(1)} s)\n`));

let stopping = false;
const shutdown = (reason: string, code: number) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${reason}: stopping…\n`);
  platform.stop().then(
    () => process.exit(code),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => shutdown('SIGINT', 0));
process.on('SIGTERM', () => shutdown('SIGTERM', 0));
// DynamoDB Local is restarted when it dies with a DATA_DIR; without one its data is gone, and a
// platform that silently lost every table would mislead whoever uses it, so the runner ends.
void platform.dynamo.lost.then((reason) => {
  process.stderr.write(`\n${reason.message}\n`);
  shutdown('DynamoDB Local lost', 1);
});
