import * as z from 'zod';

/** The lanes whose DLQs an operator may inspect and replay (the manifest's queueAdmin binding of adminActions). */
export const ADMIN_LANES = [
  'requestGeneral', 'requestGreen', 'smsGeneral', 'smsGreen', 'emailGeneral', 'emailGreen', 'pushGeneral', 'pushGreen', 'mqGeneral', 'mqGreen',
] as const;

const constant = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
/** The environment the queueAdmin binding gives: QUEUE_<LANE>_URL and QUEUE_<LANE>_DLQ_URL. */
export const laneEnv = z.object(
  Object.fromEntries(ADMIN_LANES.flatMap((lane) => [[`QUEUE_${constant(lane)}_URL`, z.string().min(1)], [`QUEUE_${constant(lane)}_DLQ_URL`, z.string().min(1)]])),
);
export const lanesFromEnv = (env: Record<string, string>) =>
  Object.fromEntries(ADMIN_LANES.map((lane) => [lane, { url: env[`QUEUE_${constant(lane)}_URL`]!, dlqUrl: env[`QUEUE_${constant(lane)}_DLQ_URL`]! }]));
