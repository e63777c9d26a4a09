// Which queues an MQ send type may deliver to (SPEC §4 step 5, issue 16 point 3): the platform's own
// mqOutbound, or any queue of the account whose name starts with MQ_TARGET_QUEUE_PREFIX — created by a
// downstream team whenever it likes, no redeploy. One rule for the admin API's check, the sender's
// check at send time and the deployed stack's IAM grant (sqs:SendMessage on arn:…:<prefix>*).

/** The naming convention of MQ target queues. */
export const MQ_TARGET_QUEUE_PREFIX = 'hcmsg-target-';

/** The manifest queue an MQ send type without settings.queue delivers to (sendMq is bound to it). */
export const MQ_OUTBOUND_QUEUE = 'mqOutbound';

// SQS queue names: up to 80 letters, digits, hyphens and underscores. FIFO queues (".fifo") need a
// message group id the payload does not define, so they are not targets.
const TARGET_NAME = new RegExp(`^${MQ_TARGET_QUEUE_PREFIX}[A-Za-z0-9_-]{1,${80 - MQ_TARGET_QUEUE_PREFIX.length}}$`);

/** A queue named by the convention (a name, not a URL or ARN). */
export const isMqTargetQueue = (name: string): boolean => TARGET_NAME.test(name);

/** Why a queue cannot be an MQ target, or undefined when it can. */
export const mqTargetRefusal = (name: string): string | undefined =>
  name === MQ_OUTBOUND_QUEUE || isMqTargetQueue(name)
    ? undefined
    : `目标队列须为 ${MQ_OUTBOUND_QUEUE} 或以 ${MQ_TARGET_QUEUE_PREFIX} 开头的队列名称: ${name} (an MQ target queue is ${MQ_OUTBOUND_QUEUE} or a queue name starting with ${MQ_TARGET_QUEUE_PREFIX}; letters, digits, - and _, no .fifo)`;
