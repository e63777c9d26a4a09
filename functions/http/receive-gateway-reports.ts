import * as z from 'zod/mini';
import { gatewayReceipts } from '#contracts/delivery-reports';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { providerSecrets } from '#adapters/provider-secrets';
import { secretsManagerClient } from '#adapters/secret-key';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { fromGatewayReceipts } from '#core/reports/report-sources';
import { functionEnvOf } from '#runtime/env';
import { gatewaySignatureAuth } from '#runtime/gateway-signature-auth';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('receiveGatewayReports');
const config = cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG));
const authenticate = gatewaySignatureAuth({ config, secrets: providerSecrets(secretsManagerClient, { prefix: env.PROVIDER_SECRET_PREFIX }) });
const queue = sqsPublisher();
const statusReports = env.QUEUE_STATUS_REPORTS_URL;

// Verified, then queued: the gateway hears 200 only once its receipts are safely on the queue.
export const handler = httpHandler(
  { params: z.object({ sendTypeId: z.string().check(z.minLength(1), z.maxLength(64)) }), body: gatewayReceipts, authenticate },
  async ({ body }) => {
    const reports = fromGatewayReceipts(body);
    await queue.sendMany(statusReports, reports);
    return { received: reports.length };
  },
);
