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

const hashOf = (text: string, length: number): string => base32(createHash('sha256').update(text, 'utf8').digest()).slice(0, length);

/** `2026-11-28T17:46:10.123Z` → `20261128174610123`: sorts as the time does. */
const stampOf = (iso: string): string => new Date(iso).toISOString().replace(/\D/g, '');

/**
 * What every send record of one request starts its id with: the request's acceptance time, then a
 * hash of the request. Records of one request are therefore neighbours, and ids sort by time.
 */
export const sendIdPrefixOf = (request: { institution: string; requestNo: string; createdAt: string }): string =>
  `${stampOf(request.createdAt)}${hashOf(`${request.institution}|${request.requestNo}`, 8)}`;

/**
 * A send record's id is derived from what it is (request, dispatch method, chunk), never random:
 * a redelivered split computes the same ids and its conditional writes find them already there.
 */
export const sendIdOf = (request: { institution: string; requestNo: string; createdAt: string }, methodId: string, chunk: number): string =>
  `${sendIdPrefixOf(request)}${hashOf(`${methodId}|${chunk}`, 10)}`;

/** The request part of a send id (what sendIdPrefixOf gave): its request's records share it. */
export const requestPrefixOfSendId = (sendId: string): string => sendId.slice(0, 25);

/** The day (UTC, yyyy-mm-dd) a send id's request was accepted, or undefined for what is not a send id. */
export const dayOfSendId = (sendId: string): string | undefined =>
  /^\d{17}[0-9a-z]{18}$/.test(sendId) ? `${sendId.slice(0, 4)}-${sendId.slice(4, 6)}-${sendId.slice(6, 8)}` : undefined;

/** When a send id's request was accepted (what its id starts with), as epoch milliseconds. */
export const timeOfSendId = (sendId: string): number => {
  const s = sendId;
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(8, 10), +s.slice(10, 12), +s.slice(12, 14), +s.slice(14, 17));
};

/** The first send id of any request accepted at `at` or later: a bound for ranges of send ids. */
export const sendIdBound = (at: Date): string => stampOf(at.toISOString());

/** One recipient of one record: the provider message id, the outbox id, the inbox message id. */
export const messageIdOf = (sendId: string, index: number): string => `${sendId}#${index}`;

/** Spreads pending items over a few index partitions so no single partition gets hot. */
export const shardOf = (key: string): number => createHash('sha256').update(key, 'utf8').digest()[0]! % PENDING_SHARDS;
