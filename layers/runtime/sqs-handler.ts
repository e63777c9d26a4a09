import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import { metricsMiddleware } from './metrics.ts';
import { logger } from './observability.ts';
import { parseJsonBody } from './http-handler.ts';
import { parseOrThrow } from './validation.ts';

export interface QueueMessageMeta {
  messageId: string;
  /** 1 on first delivery; SQS redrives to the DLQ after the queue's maxReceiveCount. */
  receiveCount: number;
  /** The queue's ARN, so a consumer of two lanes knows which one it read. */
  source: string;
  /** For ChangeMessageVisibility: a consumer that backs off sets when the message comes back. */
  receiptHandle: string;
}

/**
 * Wraps a use case as an SQS consumer that reports partial batch failures: a message that throws
 * (or does not match its schema) is returned in `batchItemFailures`, so SQS delivers it again and,
 * after maxReceiveCount, moves it to the DLQ. Nothing is swallowed.
 */
export const sqsHandler = <S extends z.ZodMiniType>(
  schema: S,
  consume: (message: z.infer<S>, meta: QueueMessageMeta) => Promise<void>,
) => {
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (item: SQSRecord): Promise<void> => {
    const message = parseOrThrow(schema, parseJsonBody(item.body), 'message');
    await consume(message, {
      messageId: item.messageId,
      receiveCount: Number(item.attributes?.ApproximateReceiveCount ?? '1'),
      source: item.eventSourceARN,
      receiptHandle: item.receiptHandle,
    });
  };
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(metricsMiddleware())
    .handler(async (event, context) =>
      processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false }),
    );
};
