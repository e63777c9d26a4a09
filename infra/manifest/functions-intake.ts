import { laneQueues } from '#contracts/lanes';
import type { FunctionSpec } from './types.ts';

/** The intake half of the message pipeline: accept a request, report its status, describe the API. */
export const intakeFunctions = {
  openapi: {
    entry: 'functions/http/openapi.ts',
    memoryMb: 256,
    // The document is generated on the first request (every contract's schemas); 5 s was too tight on a loaded laptop.
    timeoutSeconds: 10,
    triggers: [
      { type: 'http', method: 'GET', path: '/api/openapi.json', auth: 'none' },
      { type: 'http', method: 'GET', path: '/api/docs', auth: 'none' },
      // Swagger UI's files (no CDN): swagger-ui.css, swagger-ui-bundle.js, docs-init.js.
      { type: 'http', method: 'GET', path: '/api/docs/{asset}', auth: 'none' },
    ],
    bindings: {},
  },
  sendMessage: {
    entry: 'functions/http/send-message.ts',
    // 10,000 recipients are ≈ 5 MB of JSON to parse, validate and write as one transaction.
    memoryMb: 1024,
    timeoutSeconds: 29,
    triggers: [{ type: 'http', method: 'POST', path: '/api/hcmsg/sendMessage', auth: 'apiKey' }],
    bindings: {
      tables: { config: 'read', messages: 'readWrite', counters: 'readWrite' },
      queues: laneQueues('request'),
      // sendAt: a one-time schedule puts the request on its lane at that time.
      scheduler: true,
    },
  },
  cancelRequest: {
    entry: 'functions/http/cancel-request.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    triggers: [{ type: 'http', method: 'POST', path: '/api/hcmsg/requests/{requestNo}/cancel', auth: 'apiKey' }],
    bindings: { tables: { config: 'read', messages: 'readWrite' }, scheduler: true },
  },
  getRequestStatus: {
    entry: 'functions/http/get-request-status.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    triggers: [{ type: 'http', method: 'GET', path: '/api/hcmsg/requests/{requestNo}', auth: 'apiKey' }],
    bindings: { tables: { config: 'read', messages: 'read', counters: 'readWrite' } },
  },
} as const satisfies Record<string, FunctionSpec>;
