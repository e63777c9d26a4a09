import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXIT_NOT_LOOPBACK, outputTail, startDeadlineMs, untilListening, type JavaChild } from '../../infra/local/dynamodb-java.ts';

// How the runner reads DynamoDB Local's start: a stand-in child plays the launcher's part.

const child = (script: string): JavaChild => spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
const TEN_MINUTES = 600_000;

describe('starting DynamoDB Local', () => {
  it('refuses to start, saying why, when the launcher could not bind loopback', async () => {
    const launcher = child(`process.stderr.write('Cannot bind DynamoDB Local to 127.0.0.1 only: it listens on /0.0.0.0:8000'); process.exit(${EXIT_NOT_LOOPBACK})`);
    await expect(untilListening(launcher, outputTail(launcher), TEN_MINUTES)).rejects.toThrow(
      'Refusing to start: Cannot bind DynamoDB Local to 127.0.0.1 only: it listens on /0.0.0.0:8000',
    );
  });

  it('fails as soon as Java exits, with what it printed, whatever the deadline', async () => {
    const launcher = child(`process.stderr.write('Error: Could not find or load main class'); process.exit(1)`);
    await expect(untilListening(launcher, outputTail(launcher), TEN_MINUTES)).rejects.toThrow(/exited \(code 1\) while starting.*Could not find or load main class/);
  });

  it('is started once the launcher reports its loopback socket, even split across writes', async () => {
    const launcher = child(`process.stdout.write('Initializing…\\nLISTENING 127.0.'); setTimeout(() => process.stdout.write('0.1:8000\\n'), 50); setInterval(() => {}, 1000); process.stdin.on('end', () => process.exit(0)); process.stdin.resume()`);
    await untilListening(launcher, outputTail(launcher), TEN_MINUTES);
    launcher.stdin.end();
  });

  it('gives a busy machine more time to start: a minute per unit of load per core, five at most', () => {
    expect(startDeadlineMs(0.5, 2)).toBe(60_000);
    expect(startDeadlineMs(6, 2)).toBe(180_000);
    expect(startDeadlineMs(28, 2)).toBe(300_000);
  });
});
