// One worker thread per function instance: its own module scope and its own process.env, as a Lambda
// execution environment has. The host sends it one invocation at a time and terminates it when an
// invocation times out. Plain JavaScript so it loads before the TypeScript loader is registered.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();

const { entry, functionName, memoryMb, clock } = workerData;
const realNow = Date.now;
if (clock) {
  // A drill moved the functions' clock (local-clock.ts): `Date` reads real time plus the shared offset.
  const offset = new Float64Array(clock);
  const RealDate = Date;
  const LocalDate = function (...args) {
    const date = args.length > 0 ? new RealDate(...args) : new RealDate(realNow() + offset[0]);
    return new.target ? date : date.toString();
  };
  LocalDate.prototype = RealDate.prototype;
  LocalDate.now = () => realNow() + offset[0];
  LocalDate.parse = RealDate.parse;
  LocalDate.UTC = RealDate.UTC;
  globalThis.Date = LocalDate;
}
const loaded = import(pathToFileURL(entry).href);
// Lambda's init phase is not part of an invocation's timeout: the host starts the clock on `ready`.
loaded.then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ ready: false, error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } }),
);

parentPort.on('message', async ({ id, event, deadline }) => {
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: id,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - realNow()),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    const module = await loaded;
    const result = await module.handler(event, context);
    parentPort.postMessage({ id, result: result === undefined ? null : result });
  } catch (error) {
    parentPort.postMessage({ id, error: { name: error?.name ?? 'Error', message: String(error?.message ?? error), stack: error?.stack } });
  }
});
