import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConfigReader } from '#core/config-port';
import { leasedLimiter } from '#core/failover/leased-limiter';
import { createProviderGuard, type ProviderGuard } from '#core/failover/provider-guard';
import { PARAMETERS, readParameter } from '#core/parameters';
import { createBreakerStore, createRateLimiter } from '../dynamo/provider-guard-store.ts';
import { createSwitchLogWriter } from '../dynamo/switch-log-store.ts';

/** A provider nobody configured a limit for: high enough never to be the bottleneck by accident. */
const UNLISTED_RATE = 1_000;

/** The failover and rate-limit layer around a send consumer's providers (core/failover/provider-guard.ts). */
/** Without `config` (the admin centre reads states and forces switches only) the limits are the defaults. */
export const providerGuardOf = (doc: DynamoDBDocumentClient, config: ConfigReader | undefined, tables: { messages: string; audit: string }): ProviderGuard =>
  createProviderGuard({
    breakers: createBreakerStore(doc, tables.messages),
    // Per container: a busy sender takes its second's allowance in growing leases, not message by message.
    limiter: leasedLimiter(createRateLimiter(doc, tables.messages)),
    switches: createSwitchLogWriter(doc, tables.audit),
    rateLimit: async (provider) => (config ? await readParameter(config, 'PROVIDER_RATE_LIMITS') : {})[provider] ?? PARAMETERS.PROVIDER_RATE_LIMITS.fallback[provider] ?? UNLISTED_RATE,
    now: () => new Date(),
    newId: randomUUID,
  });
