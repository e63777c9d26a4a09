import type { FunctionSpec } from './types.ts';

/** Functions every deployment has: health, the envelope 404 and the API description. */
export const platformFunctions = {
  health: {
    entry: 'functions/http/health.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    triggers: [{ type: 'http', method: 'GET', path: '/api/health', auth: 'none' }],
    // The dependencies every request needs: the configuration table and the intake's general queue.
    bindings: { probes: { tables: ['config'], queues: ['requestGeneral'] } },
  },
  notFound: {
    entry: 'functions/http/not-found.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    triggers: [{ type: 'http', method: 'ANY', path: '$default', auth: 'none' }],
    bindings: {},
  },
} as const satisfies Record<string, FunctionSpec>;
