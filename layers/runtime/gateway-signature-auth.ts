import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CALLBACK_SIGNATURE_HEADER, CALLBACK_TIMESTAMP_HEADER } from '#contracts/callback-headers';
import { verifySignature } from '#core/callbacks/signature';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';

export interface GatewayCaller {
  sendTypeId: string;
}

export interface GatewaySignatureDeps {
  config: ConfigReader;
  /** A provider secret's value by the name the send type's settings.signingKeySecret gives. */
  secrets: (ref: string) => Promise<string>;
  now?: () => Date;
}

const header = (event: APIGatewayProxyEventV2, name: string) => Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * The authentication of the SMS gateway's callbacks (POST /api/hcmsg/callbacks/sms/{sendTypeId}/…):
 * the path's send type must be an enabled HTTP_SMS send type with a signing secret, and the body
 * signed with that secret within the time window (core/callbacks/signature.ts). Runs before the
 * body is parsed, so an unsigned request is refused (401) whatever it carries and nothing is stored.
 */
export const gatewaySignatureAuth =
  (deps: GatewaySignatureDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<GatewayCaller> => {
    const sendTypeId = event.pathParameters?.sendTypeId ?? '';
    const refuse = (why: string) => new DomainError('SIGNATURE_INVALID', `签名无效: ${why}`, CALLBACK_SIGNATURE_HEADER);
    if (!header(event, CALLBACK_TIMESTAMP_HEADER) || !header(event, CALLBACK_SIGNATURE_HEADER)) {
      throw refuse('缺少 X-Hcmsg-Timestamp 或 X-Hcmsg-Signature (signature headers missing)');
    }
    const sendType = sendTypeId ? await deps.config.get('sendType', sendTypeId) : undefined;
    // The gateway's own callback key when it has one, else the key we sign our calls to it with.
    const secretRef = sendType?.settings?.callbackKeySecret ?? sendType?.settings?.signingKeySecret;
    if (!sendType?.enabled || sendType.provider !== 'HTTP_SMS' || !secretRef) {
      throw refuse(`派发方式 ${sendTypeId} 不是配置了签名密钥的 HTTP 短信网关 (no signing gateway send type)`);
    }
    const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
    verifySignature({
      secret: await deps.secrets(secretRef),
      timestamp: header(event, CALLBACK_TIMESTAMP_HEADER),
      signature: header(event, CALLBACK_SIGNATURE_HEADER),
      body,
      now: (deps.now ?? (() => new Date()))(),
    });
    return { sendTypeId };
  };
