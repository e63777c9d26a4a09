import { gunzipSync } from 'node:zlib';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import { cloudWatchLogsData } from '#contracts/delivery-reports';
import { logger } from './observability.ts';
import { parseOrThrow } from './validation.ts';

/**
 * Wraps a use case as the target of a CloudWatch Logs subscription filter: the gzipped, base64
 * `awslogs.data` decoded and validated. A failure throws, so Lambda's asynchronous retries (and the
 * function's failure destination) keep the batch rather than dropping it.
 */
export const logsSubscriptionHandler = (consume: (data: z.infer<ReturnType<typeof cloudWatchLogsData>>) => Promise<void>) =>
  middy<CloudWatchLogsEvent, void>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const json = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as unknown;
      const data = parseOrThrow(cloudWatchLogsData(), json, 'awslogs.data');
      // CONTROL_MESSAGE is CloudWatch checking that the destination is reachable.
      if (data.messageType !== 'DATA_MESSAGE') return;
      await consume(data);
    });
