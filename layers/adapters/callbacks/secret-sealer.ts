import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { SecretSealer } from '#core/callbacks/ports';

// Callback signing secrets at rest: AES-256-GCM under a key derived from the stage's callbackKey
// secret (Secrets Manager), bound to the institution (AAD), so a sealed value copied to another
// institution's item does not open. The table never holds a secret in the clear.

const derive = (key: Buffer) => createHmac('sha256', key).update('callback-secret-seal-v1').digest();

export const secretSealer = (key: () => Promise<Buffer>): SecretSealer => ({
  async seal(secret, institution) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', derive(await key()), iv).setAAD(Buffer.from(institution));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  },
  async open(sealed, institution) {
    const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !body) throw new Error('sealed callback secret is malformed');
    const decipher = createDecipheriv('aes-256-gcm', derive(await key()), iv).setAAD(Buffer.from(institution));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  },
});
