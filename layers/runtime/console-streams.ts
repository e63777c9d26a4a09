import { Console } from 'node:console';

// Powertools' Logger and Metrics each build their own Console (PR #748: Lambda's patched global console
// would prefix their JSON lines) over process.stdout and process.stderr, in the constructor. Opening
// the two streams costs some 10 M instructions at every cold start (bench: cold starts), although most
// invocations of an admin read or a probe write nothing and almost none write to stderr. The Console
// installed here opens each stream on its first write.

interface ConsoleOwner {
  console: Console;
  setConsole(): void;
}

const DEFERRED = Symbol('console streams deferred');

/** The Console methods Powertools calls; trace prints no stack, as Powertools' own patch has it. */
const deferredConsole = (): Console => {
  let out: Console | undefined;
  let err: Console | undefined;
  const stdout = () => (out ??= new Console({ stdout: process.stdout }));
  const stderr = () => (err ??= new Console({ stdout: process.stderr }));
  const methods: Pick<Console, 'log' | 'info' | 'debug' | 'trace' | 'warn' | 'error'> = {
    log: (...args: unknown[]) => stdout().log(...args),
    info: (...args: unknown[]) => stdout().info(...args),
    debug: (...args: unknown[]) => stdout().debug(...args),
    trace: (...args: unknown[]) => stdout().log(...args),
    warn: (...args: unknown[]) => stderr().warn(...args),
    error: (...args: unknown[]) => stderr().error(...args),
  };
  return methods as Console;
};

/**
 * Makes instances of a Powertools class (Logger or Metrics, by prototype; its `setConsole` is private
 * to its types, not to JavaScript) write through a Console that opens its streams on first use. With
 * POWERTOOLS_DEV set, Powertools' own choice stands (the global console in development mode).
 */
export const deferConsoleStreams = (prototype: object): void => {
  const owner = prototype as ConsoleOwner & { [DEFERRED]?: true };
  if (owner[DEFERRED]) return;
  const powertoolsConsole = owner.setConsole;
  owner.setConsole = function (this: ConsoleOwner) {
    // eslint-disable-next-line no-restricted-syntax -- Powertools' own switch, read where Powertools reads it
    if (process.env.POWERTOOLS_DEV !== undefined) powertoolsConsole.call(this);
    else this.console = deferredConsole();
  };
  owner[DEFERRED] = true;
};
