import { createHash } from 'node:crypto';
import { PENDING_SHARDS } from './ports.ts';

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

const base32 = (bytes: Buffer): string => {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
};

/**
 * A send record's id is derived from what it is (request, dispatch method, chunk), never random:
 * a redelivered split computes the same ids and its conditional writes find them already there.
 */
export const sendIdOf = (institution: string, requestNo: string, methodId: string, chunk: number): string =>
  base32(createHash('sha256').update(`${institution}|${requestNo}|${methodId}|${chunk}`, 'utf8').digest()).slice(0, 26);

/** One recipient of one record: the provider message id, the outbox id, the inbox message id. */
export const messageIdOf = (sendId: string, index: number): string => `${sendId}#${index}`;

/** Spreads pending items over a few index partitions so no single partition gets hot. */
export const shardOf = (key: string): number => createHash('sha256').update(key, 'utf8').digest()[0]! % PENDING_SHARDS;
