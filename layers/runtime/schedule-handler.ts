import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { metricsMiddleware } from './metrics.ts';
import { logger } from './observability.ts';

/** Wraps a scheduled job (EventBridge Scheduler); a failure throws so the scheduler's retry policy applies. */
export const scheduleHandler = <R>(job: (now: Date) => Promise<R>) =>
  middy<ScheduledEvent, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(metricsMiddleware())
    .handler(async (event) => {
      const result = await job(event?.time ? new Date(event.time) : new Date());
      logger.info('scheduled job done', { result: result as object });
      return result;
    });
