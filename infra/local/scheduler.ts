import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from './free-port.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './local-aws.ts';

// EventBridge Scheduler's one-time schedules, locally: the REST-JSON calls the functions make
// (CreateSchedule, GetSchedule, DeleteSchedule, ListSchedules) and, every tick, each schedule whose
// at(...) time has come on the functions' clock delivered to its SQS target and deleted, as
// ActionAfterCompletion DELETE does in AWS. A delivery that fails is tried again next tick.

export interface LocalSchedule {
  name: string;
  groupName: string;
  at: number;
  targetArn: string;
  input: string;
}

export interface LocalScheduler {
  endpoint: string;
  schedules: () => LocalSchedule[];
  /** Delivers every schedule due on the clock now; returns how many fired. */
  fireDue: () => Promise<number>;
  stop: () => Promise<void>;
}

export interface LocalSchedulerOptions {
  now: () => Date;
  /** Sends `body` to the queue with this ARN (the runner's SQS). */
  deliver: (targetArn: string, body: string) => Promise<void>;
  tickMs?: number;
}

const AT = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

const reply = (res: ServerResponse, status: number, payload: unknown, errorType?: string) => {
  res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
  res.end(JSON.stringify(payload));
};

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const startLocalScheduler = async (options: LocalSchedulerOptions): Promise<LocalScheduler> => {
  const schedules = new Map<string, LocalSchedule>();
  const keyOf = (group: string, name: string) => `${group}/${name}`;
  const arnOf = (s: Pick<LocalSchedule, 'groupName' | 'name'>) => `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/${s.groupName}/${s.name}`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const [, resource, rawName] = url.pathname.split('/');
    if (resource !== 'schedules') return reply(res, 404, { message: `unsupported ${req.method} ${url.pathname}` }, 'ResourceNotFoundException');
    if (!rawName && req.method === 'GET') {
      return reply(res, 200, { Schedules: [...schedules.values()].map((s) => ({ Name: s.name, GroupName: s.groupName, Arn: arnOf(s), State: 'ENABLED' })) });
    }
    const name = decodeURIComponent(rawName ?? '');
    if (req.method === 'POST') {
      const body = JSON.parse(await readBody(req)) as { GroupName?: string; ScheduleExpression?: string; Target?: { Arn?: string; Input?: string } };
      const groupName = body.GroupName ?? 'default';
      const at = AT.exec(body.ScheduleExpression ?? '');
      if (!at || !body.Target?.Arn) return reply(res, 400, { message: 'only one-time at(...) schedules with an SQS target are supported locally' }, 'ValidationException');
      if (schedules.has(keyOf(groupName, name))) return reply(res, 409, { message: `Schedule ${name} already exists.` }, 'ConflictException');
      const schedule = { name, groupName, at: Date.parse(`${at[1]}Z`), targetArn: body.Target.Arn, input: body.Target.Input ?? '{}' };
      schedules.set(keyOf(groupName, name), schedule);
      return reply(res, 200, { ScheduleArn: arnOf(schedule) });
    }
    const groupName = url.searchParams.get('groupName') ?? 'default';
    const found = schedules.get(keyOf(groupName, name));
    if (!found) return reply(res, 404, { message: `Schedule ${name} does not exist.` }, 'ResourceNotFoundException');
    if (req.method === 'DELETE') {
      schedules.delete(keyOf(groupName, name));
      return reply(res, 200, {});
    }
    return reply(res, 200, {
      Name: found.name,
      GroupName: found.groupName,
      Arn: arnOf(found),
      ScheduleExpression: `at(${new Date(found.at).toISOString().slice(0, 19)})`,
      Target: { Arn: found.targetArn, Input: found.input },
      State: 'ENABLED',
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => reply(res, 500, { message: error.message }, 'InternalServerException'));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  let firing: Promise<number> | undefined;
  const fireDue = (): Promise<number> =>
    (firing ??= (async () => {
      let fired = 0;
      const now = options.now().getTime();
      for (const [key, schedule] of [...schedules].filter(([, s]) => s.at <= now)) {
        try {
          await options.deliver(schedule.targetArn, schedule.input);
          schedules.delete(key);
          fired++;
        } catch {
          // Kept: tried again next tick, as Scheduler retries a failed target.
        }
      }
      return fired;
    })().finally(() => (firing = undefined)));
  const timer = setInterval(() => void fireDue(), options.tickMs ?? 1_000);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    schedules: () => [...schedules.values()],
    fireDue,
    stop: async () => {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
