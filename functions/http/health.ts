import { dependencyProbes } from '#adapters/dependency-probes';
import { checkHealth } from '#core/health/check-health';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { logger } from '#runtime/observability';

const env = functionEnvOf('health');
const probes = dependencyProbes({ table: env.TABLE_CONFIG, queueUrl: env.QUEUE_REQUEST_GENERAL_URL });
const onFailure = (dependency: string, error: unknown) => logger.warn('dependency unavailable', { dependency, error: error as Error });

export const handler = httpHandler({}, async () => checkHealth({ probes, onFailure }));
