// The SQS commands the functions send, imported by name and loaded with the first one (the publisher,
// the back-off, the dead-letter views): a dynamic import of '@aws-sdk/client-sqs' itself links every
// SQS command into the bundle.
export {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
