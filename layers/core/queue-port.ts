/** Sends JSON messages to a queue (SQS in AWS, the embedded endpoint locally). */
export interface QueuePublisher {
  /** delaySeconds ≤ 900 (SQS's limit); longer waits are the rescan's job. */
  send(queueUrl: string, message: unknown, options?: { delaySeconds?: number }): Promise<void>;
  /** Any number of messages; batched by 10 as SQS allows. Throws if any message was not accepted. */
  sendMany(queueUrl: string, messages: unknown[]): Promise<void>;
}
