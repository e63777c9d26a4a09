import * as z from 'zod';
import { dependencyProbes } from '#adapters/dependency-probes';
import { checkHealth } from '#core/health/check-health';
import { parseEnv } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { logger } from '#runtime/observability';

const env = parseEnv(z.object({ TABLE_CONFIG: z.string(), QUEUE_REQUEST_GENERAL_URL: z.string() }));
const probes = dependencyProbes({ table: env.TABLE_CONFIG, queueUrl: env.QUEUE_REQUEST_GENERAL_URL });
const onFailure = (dependency: string, error: unknown) => logger.warn('dependency unavailable', { dependency, error: error as Error });

export const handler = httpHandler({}, async () => checkHealth({ probes, onFailure }));
