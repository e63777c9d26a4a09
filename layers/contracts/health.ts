import * as z from 'zod/mini';

const up = z.literal('ok');

/** GET /api/health when every dependency answers; otherwise 503, retFlag 90004, retMsg naming what is down. */
export const healthResult = z.object({
  status: up,
  dependencies: z.object({ dynamodb: up, sqs: up }),
});
