// The commands the dead-letter views send, imported by name and loaded with the first view (sqs-dlq.ts).
export { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
