// The two commands the publisher sends, imported by name so a bundle keeps only them: a dynamic
// import of '@aws-sdk/client-sqs' itself links every SQS command into the bundle.
export { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
