import { ALL_LANE_QUEUES, CHANNEL_LANE_QUEUES } from '#contracts/lanes';
import type { FunctionSpec } from './types.ts';

// 管理中心 Admin API: configuration, record queries, operator actions (docs/ARCHITECTURE.md → Admin API).

export const adminFunctions = {
  adminConfig: {
    entry: 'functions/http/admin-config.ts',
    memoryMb: 512,
    timeoutSeconds: 15,
    triggers: [{ type: 'http', method: 'ANY', path: '/api/admin/config/{proxy+}', auth: 'admin' }],
    bindings: { tables: { config: 'readWrite', audit: 'readWrite' } },
  },
  adminRecords: {
    entry: 'functions/http/admin-records.ts',
    memoryMb: 512,
    timeoutSeconds: 15,
    triggers: [
      { type: 'http', method: 'GET', path: '/api/admin/records/{proxy+}', auth: 'admin' },
      { type: 'http', method: 'GET', path: '/api/admin/me', auth: 'admin' },
    ],
    // audit readWrite: reads that show personal data in the clear are recorded (least sight).
    bindings: { tables: { config: 'read', messages: 'read', captcha: 'read', audit: 'readWrite' } },
  },
  adminActions: {
    entry: 'functions/http/admin-actions.ts',
    memoryMb: 512,
    timeoutSeconds: 29,
    triggers: [{ type: 'http', method: 'ANY', path: '/api/admin/actions/{proxy+}', auth: 'admin' }],
    bindings: {
      tables: { messages: 'readWrite', audit: 'readWrite' },
      // Resending puts a send record back on its channel's lane; every lane's DLQ can be replayed.
      queues: CHANNEL_LANE_QUEUES,
      queueAdmin: ALL_LANE_QUEUES,
    },
  },
} as const satisfies Record<string, FunctionSpec>;
