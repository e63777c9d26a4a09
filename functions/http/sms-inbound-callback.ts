import { gatewayInbound } from '#contracts/upstream';
import { documentClient } from '#adapters/aws-clients';
import { providerSecrets } from '#adapters/provider-secrets';
import { secretsManagerClient } from '#adapters/secret-key';
import { createInboundDeps } from '#adapters/upstream/inbound-deps';
import { receiveInboundSms } from '#core/upstream/receive-inbound-sms';
import { functionEnvOf } from '#runtime/env';
import { gatewaySignatureAuth } from '#runtime/gateway-signature-auth';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('smsInboundCallback');
const deps = createInboundDeps(documentClient(), { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES, audit: env.TABLE_AUDIT });
const authenticate = gatewaySignatureAuth({ config: deps.config, secrets: providerSecrets(secretsManagerClient, { prefix: env.PROVIDER_SECRET_PREFIX }) });

// 上行短信 from the HTTP gateway: signed (401 and nothing stored otherwise), then stored once per messageId.
export const handler = httpHandler({ body: gatewayInbound, maxBodyBytes: 16 * 1024, authenticate }, async ({ body, principal }) =>
  receiveInboundSms(deps, { source: 'GATEWAY', sourceId: `${principal.sendTypeId}#${body.messageId}`, sendTypeId: principal.sendTypeId, ...body }),
);
