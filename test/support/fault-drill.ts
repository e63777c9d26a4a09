import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { outboxDayShards } from '#adapters/dynamo/message-keys';
import { LOCAL_REGION, localCredentials } from '../../infra/local/local-aws.ts';
import { REPO_ROOT } from '../../infra/local/platform.ts';

// The fault drill's load and its accounting: steady single-recipient SMS requests against a running
// platform, then — after the fault and the recovery — what became of each one, read back from the
// OUTBOX provider's entries in DynamoDB (the OUTBOX is where a delivery lands locally).

export const DEMO_KEY = 'demo-outplatform-key';

export interface LoadResult {
  /** requestNo → answered 00000. */
  accepted: Set<string>;
  /** No answer (connection refused or cut): the caller cannot know, and would retry. */
  unanswered: Set<string>;
  /** Answered with another retFlag (e.g. 90002 while DynamoDB is down). */
  refused: number;
}

const body = (requestNo: string, mobile: string) => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType: 'MARKET_ACTIVITY',
  bizId: 'DRILL',
  pushType: 'SINGLE_ACCOUNT',
  bizContent: '{}',
  useTmpl: 'N',
  msgTitle: 'drill',
  msgContent: `drill ${requestNo}`,
  requestTime: '2026-12-01 10:00:00',
  requestIp: '127.0.0.1',
  userIds: [{ userId: requestNo, mobile }],
});

/**
 * Sends `count` requests, `perSecond` a second (each on its own schedule, not waiting for the one
 * before), calling `during(i, soFar)` before the i-th is sent (where the drill injects its fault;
 * `soFar` is the result as it stands).
 */
export const steadyLoad = async (
  url: () => string,
  options: { prefix: string; mobilePrefix: string; count: number; perSecond: number; during?: (i: number, soFar: LoadResult) => Promise<void> | void },
): Promise<LoadResult> => {
  const result: LoadResult = { accepted: new Set(), unanswered: new Set(), refused: 0 };
  const calls: Promise<void>[] = [];
  const started = Date.now();
  for (let i = 0; i < options.count; i++) {
    await options.during?.(i, result);
    const wait = started + (i * 1000) / options.perSecond - Date.now();
    if (wait > 0) await sleep(wait);
    const requestNo = `${options.prefix}${String(i).padStart(5, '0')}`;
    const mobile = `${options.mobilePrefix}${String(i).padStart(11 - options.mobilePrefix.length, '0')}`;
    calls.push(
      fetch(`${url()}/api/hcmsg/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY },
        body: JSON.stringify(body(requestNo, mobile)),
        signal: AbortSignal.timeout(30_000),
      })
        .then(async (response) => {
          const envelope = (await response.json()) as { head: { retFlag: string } };
          if (envelope.head.retFlag === '00000') result.accepted.add(requestNo);
          else result.refused++;
        })
        .catch(() => void result.unanswered.add(requestNo)),
    );
  }
  await Promise.all(calls);
  return result;
};

export interface DrillCounts {
  accepted: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Requests that got no answer but were stored and delivered anyway (neither lost nor duplicated). */
  deliveredUnanswered: number;
  lostRequestNos: string[];
}

/** Every OUTBOX entry around today, read straight from DynamoDB (no function in the way), grouped by requestNo. */
export const readOutbox = async (dynamoEndpoint: string, tableName: string): Promise<Map<string, { to: string; channel: string }[]>> => {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: localCredentials }));
  const byRequest = new Map<string, { to: string; channel: string }[]>();
  try {
    for (const offset of [-1, 0, 1]) {
      const day = new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const { pk, shards = [pk] } = outboxDayShards(day);
      for (const shard of shards) {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': shard }, ExclusiveStartKey: start }));
          for (const item of page.Items ?? []) {
            const list = byRequest.get(String(item.requestNo)) ?? [];
            list.push({ to: String(item.to), channel: String(item.channel) });
            byRequest.set(String(item.requestNo), list);
          }
          start = page.LastEvaluatedKey;
        } while (start);
      }
    }
  } finally {
    doc.destroy();
  }
  return byRequest;
};

export const countDeliveries = async (outbox: () => Promise<Map<string, { to: string; channel: string }[]>>, load: LoadResult): Promise<DrillCounts> => {
  const entries = await outbox();
  const counts: DrillCounts = { accepted: load.accepted.size, delivered: 0, lost: 0, duplicated: 0, deliveredUnanswered: 0, lostRequestNos: [] };
  const check = (requestNo: string, accepted: boolean) => {
    const sms = (entries.get(requestNo) ?? []).filter((e) => e.channel === 'SMS');
    counts.duplicated += Math.max(0, sms.length - 1);
    if (sms.length === 0) {
      if (accepted) {
        counts.lost++;
        counts.lostRequestNos.push(requestNo);
      }
    } else if (accepted) counts.delivered++;
    else counts.deliveredUnanswered++;
  };
  for (const no of load.accepted) check(no, true);
  for (const no of load.unanswered) check(no, false);
  return counts;
};

/**
 * Waits until every accepted request is delivered (or the deadline passes), moving the functions'
 * clock on between looks so that claims go stale and rescans fall due without waiting for real minutes.
 */
export const recover = async (
  outbox: () => Promise<Map<string, { to: string; channel: string }[]>>,
  load: LoadResult,
  options: { advance: (ms: number) => Promise<void> | void; stepMs?: number; deadlineMs: number },
): Promise<DrillCounts> => {
  const deadline = Date.now() + options.deadlineMs;
  for (;;) {
    const counts = await countDeliveries(outbox, load);
    if (counts.lost === 0 || Date.now() > deadline) return counts;
    await options.advance(options.stepMs ?? 2 * 60_000);
    await sleep(3_000);
  }
};

export const MINUTE = 60_000;

export interface RunnerProcess {
  child: ChildProcess;
  url: string;
  dynamo: string;
  table: string;
  javaPid: number;
}

/** The runner as its own process (drill-runner.ts), so that a drill can kill it outright. */
export const startRunner = (options: { port: number; dataDir: string; clockOffsetMs: number }) =>
  new Promise<RunnerProcess>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/drill-runner.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(options.port), DATA_DIR: options.dataDir, CLOCK_OFFSET_MS: String(options.clockOffsetMs), SCHEDULE_MS: '1000' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\S+) (\S+) (\S+) (\d+)/.exec(out);
      if (ready) resolve({ child, url: ready[1]!, dynamo: ready[2]!, table: ready[3]!, javaPid: Number(ready[4]) });
    });
    child.once('exit', (code) => reject(new Error(`drill runner exited with ${code} before it was ready`)));
  });

export const stopRunner = async (runner: RunnerProcess): Promise<void> => {
  if (runner.child.exitCode !== null || runner.child.signalCode !== null) return;
  const exited = new Promise((resolve) => runner.child.once('exit', resolve));
  runner.child.kill('SIGTERM');
  await exited;
};

/** Whether a process is alive (signal 0 only asks). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
