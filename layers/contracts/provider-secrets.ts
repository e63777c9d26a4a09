import * as z from 'zod/mini';

// Provider credentials (the HTTP gateway's signing key…) live in Secrets Manager; a send type's
// settings only name them (docs/ARCHITECTURE.md → Least sight). One naming rule for the admin API's
// check, the sender's runtime check and the deployed stack's IAM grant.

/** Every provider secret of a stage is named `message-platform/<stage>/providers/<name>`. */
export const providerSecretPrefix = (stage: string): string => `message-platform/${stage}/providers/`;

const SECRET_NAME = /^message-platform\/[a-z][a-z0-9-]{0,15}\/providers\/[A-Za-z0-9/_+=.@-]{1,200}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:(.+)$/;

/** The secret's name, from a name or an ARN (the ARN's name may carry Secrets Manager's -AbCdEf suffix). */
export const secretNameOf = (ref: string): string => SECRET_ARN.exec(ref)?.[1] ?? ref;

/** A reference to a provider secret: its name or ARN under the providers prefix, never the value. */
export const providerSecretRef = z
  .string().check(z.maxLength(2048), z.refine((ref) => SECRET_NAME.test(secretNameOf(ref)), {
    message: '应为 Secrets Manager 密钥名称或 ARN: message-platform/<stage>/providers/<name> (a secret name, not its value)',
  }));

/** Settings keys naming a secret end in `Secret` (signingKeySecret): the value is a reference. */
export const isSecretReferenceSetting = (key: string): boolean => /Secret$/.test(key);

/** Settings keys that would hold a credential itself (signingKey, apiKey, password, token…): refused, never shown. */
export const isPlainSecretSetting = (key: string): boolean => !isSecretReferenceSetting(key) && /(key|secret|password|passwd|token|credential)s?$/i.test(key);
