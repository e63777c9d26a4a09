import type { Manifest } from '../../infra/manifest/types.ts';

// A manifest exercising every binding and trigger kind, so the stacks' generic code is tested before
// the real manifest grows. Entries point at an existing handler: tests synthesize without bundling.
const entry = 'functions/http/health.ts';

export const fixtureManifest: Manifest = {
  tables: {
    things: { partitionKey: 'pk', sortKey: 'sk', indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }], ttlAttribute: 'expiresAt' },
    ledger: { partitionKey: 'pk', sortKey: 'sk', indexes: [] },
  },
  queues: {
    work: { maxReceiveCount: 5 },
    outbound: { maxReceiveCount: 7 },
    parked: { maxReceiveCount: 5, visibilityTimeoutSeconds: 60 },
  },
  buckets: { files: { purpose: 'test files' } },
  secrets: { signingKey: { purpose: 'test key' } },
  functions: {
    reader: {
      entry, memoryMb: 256, timeoutSeconds: 5,
      triggers: [{ type: 'http', method: 'GET', path: '/api/things/{id}', auth: 'apiKey' }],
      bindings: { tables: { things: 'read' }, secrets: ['signingKey'] },
    },
    writer: {
      entry, memoryMb: 512, timeoutSeconds: 10,
      triggers: [
        { type: 'http', method: 'POST', path: '/api/admin/things', auth: 'admin' },
        { type: 'http', method: 'DELETE', path: '/api/admin/things/{id}', auth: 'admin' },
      ],
      bindings: { tables: { things: 'readWrite', ledger: 'read' }, queues: ['outbound'], buckets: { files: 'readWrite' } },
    },
    worker: {
      entry, memoryMb: 256, timeoutSeconds: 30,
      triggers: [{ type: 'queue', queue: 'work', batchSize: 10, maxConcurrency: 5 }],
      bindings: { tables: { ledger: 'readWrite' }, services: [{ actions: ['sns:Publish'], reason: 'SMS to phone numbers, which have no ARN' }] },
    },
    replayer: {
      entry, memoryMb: 256, timeoutSeconds: 60,
      triggers: [{ type: 'schedule', rateMinutes: 5 }],
      bindings: { queueAdmin: ['parked'], buckets: { files: 'read' } },
    },
    probe: {
      entry, memoryMb: 128, timeoutSeconds: 5,
      triggers: [{ type: 'http', method: 'GET', path: '/api/probe', auth: 'none' }],
      bindings: { probes: { tables: ['things'], queues: ['work'] } },
    },
    fallback: {
      entry, memoryMb: 128, timeoutSeconds: 3,
      triggers: [{ type: 'http', method: 'ANY', path: '$default', auth: 'none' }],
      bindings: {},
    },
  },
};
