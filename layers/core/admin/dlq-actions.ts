import { DomainError } from '#core/errors';
import { auditOf, type Actor, type AuditLog } from './ports.ts';

export interface DlqMessage {
  messageId: string;
  body: string;
  receiveCount?: number;
  sentAt?: string;
}

/** Dead-letter queues of the lanes, by lane name (requestGeneral, smsGreen…). */
export interface DeadLetters {
  lanes(): string[];
  depth(lane: string): Promise<{ depth: number; inFlight: number }>;
  peek(lane: string, max: number): Promise<DlqMessage[]>;
  /** Moves up to `max` messages back to the lane (send, then delete): at least once, never lost. */
  replay(lane: string, max: number): Promise<number>;
}

export interface DlqDeps {
  deadLetters: DeadLetters;
  audit: AuditLog;
  now: () => Date;
  newId: () => string;
}

const known = (deps: DlqDeps, lane: string) => {
  if (!deps.deadLetters.lanes().includes(lane)) throw new DomainError('NOT_FOUND', `queue: 队列 ${lane} 不存在 (no such queue; known: ${deps.deadLetters.lanes().join(', ')})`, 'queue');
};

export const listDeadLetters = async (deps: DlqDeps) =>
  Promise.all(deps.deadLetters.lanes().map(async (queue) => ({ queue, ...(await deps.deadLetters.depth(queue)) })));

export const peekDeadLetters = async (deps: DlqDeps, lane: string, max: number) => {
  known(deps, lane);
  return { queue: lane, items: await deps.deadLetters.peek(lane, max) };
};

export const replayDeadLetters = async (deps: DlqDeps, actor: Actor, lane: string, max: number) => {
  known(deps, lane);
  const moved = await deps.deadLetters.replay(lane, max);
  await deps.audit.record(auditOf(deps, actor, { entity: 'dlq', entityId: lane, action: 'replay', after: { moved } }));
  return { queue: lane, moved };
};
