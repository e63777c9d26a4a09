import { ALL_LANE_QUEUES, CHANNEL_LANE_QUEUES } from '#contracts/lanes';
import { routesOf } from './admin-triggers.ts';
import type { FunctionSpec } from './types.ts';

// 管理中心 Admin API: configuration, record queries, operator actions (docs/ARCHITECTURE.md → Admin API).

export const adminFunctions = {
  adminConfig: {
    entry: 'functions/http/admin-config.ts',
    memoryMb: 512,
    timeoutSeconds: 15,
    triggers: routesOf('adminConfig'),
    bindings: { tables: { config: 'readWrite', audit: 'readWrite' } },
  },
  adminRecords: {
    entry: 'functions/http/admin-records.ts',
    memoryMb: 512,
    timeoutSeconds: 15,
    triggers: routesOf('adminRecords'),
    // audit readWrite: reads that show personal data in the clear are recorded (least sight).
    bindings: { tables: { config: 'read', messages: 'read', captcha: 'read', audit: 'readWrite' } },
  },
  adminActions: {
    entry: 'functions/http/admin-actions.ts',
    memoryMb: 512,
    timeoutSeconds: 29,
    triggers: routesOf('adminActions'),
    bindings: {
      tables: { messages: 'readWrite', audit: 'readWrite' },
      // Resending puts a send record back on its channel's lane; every lane's DLQ can be replayed.
      queues: CHANNEL_LANE_QUEUES,
      queueAdmin: ALL_LANE_QUEUES,
      // An operator cancels a scheduled request (and deletes its schedule).
      scheduler: true,
    },
  },
} as const satisfies Record<string, FunctionSpec>;
