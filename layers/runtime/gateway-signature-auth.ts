import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { GATEWAY_SIGNATURE_HEADER, GATEWAY_TIMESTAMP_HEADER, verifyGatewayCallback, type GatewayKeyOf } from '#core/reports/verify-gateway-signature';

const header = (event: APIGatewayProxyEventV2, name: string) => Object.entries(event.headers ?? {}).find(([n]) => n.toLowerCase() === name)?.[1];

/**
 * The callback routes' authentication: the signature over the body exactly as received, checked
 * before the body is parsed, so a forged or unsigned callback is 401 and stored nowhere.
 */
export const gatewaySignatureAuth =
  (keyOf: GatewayKeyOf, now: () => Date = () => new Date()) =>
  async (event: APIGatewayProxyEventV2): Promise<{ sendTypeId: string }> => {
    const sendTypeId = event.pathParameters?.sendTypeId ?? '';
    const raw = event.body ?? '';
    const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    await verifyGatewayCallback(keyOf, { sendTypeId, timestamp: header(event, GATEWAY_TIMESTAMP_HEADER), signature: header(event, GATEWAY_SIGNATURE_HEADER), body }, now());
    return { sendTypeId };
  };
