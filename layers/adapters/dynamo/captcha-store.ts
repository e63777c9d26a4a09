import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { captchaApply, captchaPointer, captchaRecord } from '#contracts/captcha';
import type { CaptchaStore } from '#core/captcha/captcha-port';
import { captchaKeys as keys } from './captcha-keys.ts';
import { DAY_KINDS, dayPartition } from './day-partition.ts';

// Captcha table key layout (docs/ARCHITECTURE.md, "captcha table"), every key led by the institution:
//   APPLY#<institution>#<reqId> / META          apply request (CAPTCHA_APPLY_REQUEST)
//   CAPTCHA#<institution>#<captchaId> / META    record (CAPTCHA_RECORD); gsi1 CAPDAY#<day>, gsi2 CAPPHONE#<phone>
//   LATEST#<institution>#<phone>#<bizCode> / META   the newest code of the institution's phone and scene
//   COOL#<institution>#<phone>#<bizCode> / META     the resend cool-down
//   SEQ#<institution>#<phone>#<bizCode>#<day> / META  the day's sequence counter

const META = 'META';
const APPLY_RETENTION_SECONDS = 30 * 86_400;

const failedCondition = (error: unknown): boolean => (error as Error).name === 'ConditionalCheckFailedException';

/** Runs a conditional write; false when its condition did not hold. */
const conditional = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (failedCondition(error)) return false;
    throw error;
  }
};

const strip = ({ pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, expiresAt: _e, ...rest }: Record<string, unknown>) => rest;

/**
 * The captcha table behind the CaptchaStore port. The client is a parameter so the bench can count
 * consumed capacity with a middleware on it.
 */
export const createCaptchaStore = (doc: DynamoDBDocumentClient, tableName: string): CaptchaStore => {
  const key = (pk: string) => ({ pk, sk: META });
  const read = async (pk: string) => (await doc.send(new GetCommand({ TableName: tableName, Key: key(pk), ConsistentRead: true }))).Item;

  const createApply: CaptchaStore['createApply'] = async (apply) => {
    const expiresAt = Math.floor(Date.parse(apply.createdAt) / 1000) + APPLY_RETENTION_SECONDS;
    const put = () =>
      doc.send(new PutCommand({ TableName: tableName, Item: { ...key(keys.apply(apply)), ...apply, expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' }));
    if (await conditional(put)) return { created: true };
    const old = await read(keys.apply(apply));
    // Dropped in between (a first attempt that failed gave the reqId back): take it now.
    if (!old) return (await conditional(put)) ? { created: true } : createApply(apply);
    return { created: false, existing: captchaApply().parse(strip(old)) };
  };

  return {
    createApply,
    async finishApply(apply, outcome, captchaId) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(keys.apply(apply)),
          UpdateExpression: captchaId ? 'SET outcome = :o, captchaId = :c' : 'SET outcome = :o',
          ExpressionAttributeValues: { ':o': outcome, ...(captchaId ? { ':c': captchaId } : {}) },
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(outcome)',
        }),
      );
    },
    async dropApply(apply) {
      await conditional(() =>
        doc.send(new DeleteCommand({ TableName: tableName, Key: key(keys.apply(apply)), ConditionExpression: 'attribute_not_exists(outcome)' })),
      );
    },
    holdCooldown(scope, captchaId, until, now) {
      return conditional(() =>
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key(keys.cooldown(scope)), captchaId, until: until.toISOString(), expiresAt: Math.ceil(until.getTime() / 1000) },
            ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':now': now.toISOString() },
          }),
        ),
      );
    },
    async releaseCooldown(scope, captchaId) {
      await conditional(() =>
        doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: key(keys.cooldown(scope)),
            ConditionExpression: 'captchaId = :c',
            ExpressionAttributeValues: { ':c': captchaId },
          }),
        ),
      );
    },
    async nextSeq(scope, day, expiresAt) {
      const { Attributes } = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(keys.seq(scope, day)),
          UpdateExpression: 'ADD seq :one SET expiresAt = :exp',
          ExpressionAttributeValues: { ':one': 1, ':exp': expiresAt },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes!.seq);
    },
    async putRecord(record, expiresAt) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...key(keys.record(record)),
            ...record,
            gsi1pk: dayPartition(DAY_KINDS.captcha, record.day, record.captchaId),
            gsi1sk: `${record.createdAt}#${record.captchaId}`,
            gsi2pk: `CAPPHONE#${record.phone}`,
            gsi2sk: record.createdAt,
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async getRecord(ref) {
      const item = await read(keys.record(ref));
      return item ? captchaRecord().parse(strip(item)) : undefined;
    },
    pointTo(pointer, expiresAt) {
      return conditional(() =>
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key(keys.latest(pointer)), ...pointer, expiresAt },
            // Sequence numbers restart each day, so a newer day always wins.
            ConditionExpression: 'attribute_not_exists(pk) OR #day < :day OR (#day = :day AND seqNo < :seq)',
            ExpressionAttributeNames: { '#day': 'day' },
            ExpressionAttributeValues: { ':seq': pointer.seqNo, ':day': pointer.day },
          }),
        ),
      );
    },
    async getPointer(scope) {
      const item = await read(keys.latest(scope));
      return item ? captchaPointer().parse(strip(item)) : undefined;
    },
    async clearPointer(scope, captchaId) {
      await conditional(() =>
        doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: key(keys.latest(scope)),
            ConditionExpression: 'captchaId = :c',
            ExpressionAttributeValues: { ':c': captchaId },
          }),
        ),
      );
    },
    transition(ref, from, to, change, at) {
      const sets = ['#status = :to', 'updatedAt = :at'];
      const values: Record<string, unknown> = { ':to': to, ':at': at };
      const names: Record<string, string> = { '#status': 'status' };
      // Names go through placeholders: `error` and `status` are DynamoDB reserved words.
      for (const field of ['sentAt', 'verifiedAt', 'providerMessageId', 'error'] as const) {
        if (change[field] === undefined) continue;
        sets.push(`#${field} = :${field}`);
        names[`#${field}`] = field;
        values[`:${field}`] = change[field];
      }
      from.forEach((status, i) => (values[`:from${i}`] = status));
      return conditional(() =>
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(keys.record(ref)),
            UpdateExpression: `SET ${sets.join(', ')}${change.dropSealedContent ? ' REMOVE sealedContent' : ''}`,
            ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
    },
    async countWrongAttempt(ref, max, at) {
      try {
        const { Attributes } = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(keys.record(ref)),
            UpdateExpression: 'SET attempts = attempts + :one, updatedAt = :at',
            ConditionExpression: 'attempts < :max AND #status IN (:init, :success)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':one': 1, ':max': max, ':at': at, ':init': 'INIT', ':success': 'SUCCESS' },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(Attributes!.attempts);
      } catch (error) {
        if (failedCondition(error)) return undefined;
        throw error;
      }
    },
    markVerified(ref, max, at) {
      return conditional(() =>
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(keys.record(ref)),
            UpdateExpression: 'SET #status = :verified, verifiedAt = :at, updatedAt = :at',
            ConditionExpression: 'attempts < :max AND #status IN (:init, :success)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':verified': 'VERIFIED', ':max': max, ':at': at, ':init': 'INIT', ':success': 'SUCCESS' },
          }),
        ),
      );
    },
  };
};
