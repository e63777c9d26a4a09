import * as z from 'zod/mini';

// The small enums of delivery truth, in a module of their own: a send record names its report's
// source (records.ts), and importing delivery-reports.ts for that would build every source's payload
// schema in each function that reads records (zod schemas are built when their module loads).

export const reportStatus = z.enum(['DELIVERED', 'UNDELIVERED']);
export const suppressionReason = z.enum(['HARD_BOUNCE', 'COMPLAINT', 'ENDPOINT_DISABLED']);
export const reportSource = z.enum(['SNS_SMS', 'HTTP_SMS', 'SES', 'SNS_PUSH', 'OUTBOX']);
