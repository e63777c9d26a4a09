import { describe, expect, it } from 'vitest';
import { charLength } from '#contracts/primitives';
import { isRequestTime, sendMessageBody } from '#contracts/send-message';
import { isDomainError } from '#core/errors';
import { errorTable } from '#runtime/error-table';
import { parseOrThrow } from '#runtime/validation';
import seedSms from '../../contracts/examples/seed-sms.json' with { type: 'json' };

const valid = () => structuredClone(seedSms) as Record<string, unknown> & { userIds: Record<string, unknown>[] };

/** The envelope a caller would get for this body: retFlag and retMsg. */
const refusal = (body: unknown) => {
  try {
    parseOrThrow(sendMessageBody(), body, 'body');
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { retFlag: errorTable[error.code].retFlag, retMsg: error.message, field: error.field };
  }
  return undefined;
};

describe('sendMessage body', () => {
  it('accepts the seed example as written, with custType null and empty optional fields', () => {
    expect(refusal(valid())).toBeUndefined();
  });

  it.each([
    ['requestNo', undefined],
    ['requestNo', ''],
    ['requestNo', 'x'.repeat(33)],
    ['requestNo', 'a/b'],
    ['institution', undefined],
    ['institution', 'I'.repeat(33)],
    ['bizType', undefined],
    ['bizId', undefined],
    ['bizId', 'b'.repeat(33)],
    ['productCode', 'p'.repeat(33)],
    ['channelNo', 'c'.repeat(33)],
    ['pushType', undefined],
    ['pushType', 'SOME'],
    ['pushMsgType', '3'],
    ['sendType', 'SMS'],
    ['actionType', 'abc'],
    ['actionType', 1.5],
    ['actionValue', 'v'.repeat(301)],
    ['bizContent', undefined],
    ['bizContent', 'not json'],
    ['bizContent', '[1,2]'],
    ['bizContent', '"text"'],
    ['bizContent', JSON.stringify({ A: 'x'.repeat(495) })],
    ['useTmpl', undefined],
    ['useTmpl', 'y'],
    ['msgTitle', 't'.repeat(256)],
    ['msgContent', 'c'.repeat(901)],
    ['custom', 'c'.repeat(501)],
    ['enclosureInfo', '1, 2'],
    ['enclosureInfo', '1,,2'],
    ['enclosureInfo', ',1'],
    ['requestTime', undefined],
    ['requestTime', '2018-02-07T12:00:00'],
    ['requestTime', '2018-02-30 12:00:00'],
    ['requestTime', '2018-02-07 24:00:00'],
    ['requestIp', undefined],
    ['requestIp', ''],
    ['userIds', undefined],
    ['userIds', []],
  ])('refuses %s = %j with 10001 naming the field', (field, value) => {
    const body = valid();
    if (value === undefined) delete body[field];
    else body[field] = value;
    const result = refusal(body);
    expect(result?.retFlag).toBe('10001');
    expect(result?.field).toBe(field);
    expect(result?.retMsg.startsWith(`${field}: `)).toBe(true);
  });

  it('requires msgTitle and msgContent when useTmpl=N, not when useTmpl=Y', () => {
    for (const field of ['msgTitle', 'msgContent']) {
      const body = valid();
      body[field] = '';
      expect(refusal(body)).toMatchObject({ retFlag: '10001', field });
      body.useTmpl = 'Y';
      expect(refusal(body)).toBeUndefined();
      delete body[field];
      expect(refusal(body)).toBeUndefined();
    }
  });

  it('counts Chinese characters as one character each, not bytes', () => {
    const body = valid();
    body.msgTitle = '标'.repeat(255);
    body.msgContent = '内'.repeat(900);
    body.custom = '自'.repeat(500);
    body.actionValue = '动'.repeat(300);
    expect(refusal(body)).toBeUndefined();
    body.msgContent = '内'.repeat(901);
    expect(refusal(body)).toMatchObject({ retFlag: '10001', field: 'msgContent' });
  });

  it('counts characters outside the BMP (emoji) as one each', () => {
    expect(charLength('😀汉a')).toBe(3);
    const body = valid();
    body.msgTitle = '😀'.repeat(255);
    expect(refusal(body)).toBeUndefined();
    body.msgTitle = '😀'.repeat(256);
    expect(refusal(body)).toMatchObject({ field: 'msgTitle' });
  });

  it('limits bizContent to 500 characters of a JSON object', () => {
    const body = valid();
    body.bizContent = JSON.stringify({ A: '测'.repeat(492) });
    expect(charLength(body.bizContent as string)).toBe(500);
    expect(refusal(body)).toBeUndefined();
  });

  it('accepts null for every optional field and an integer actionType', () => {
    const body = valid();
    for (const field of ['subBizType', 'productCode', 'channelNo', 'pushMsgType', 'sendType', 'actionType', 'actionValue', 'custom', 'enclosureInfo']) body[field] = null;
    body.userIds[0] = { mobile: '13361249238', userId: null, email: null, custType: null, deviceNo: null };
    expect(refusal(body)).toBeUndefined();
    body.actionType = 3;
    expect(refusal(body)).toBeUndefined();
  });

  it('names the recipient field path for a bad recipient entry', () => {
    const body = valid();
    body.userIds = [{ mobile: '13361249238' }, { mobile: '1', custType: 'COMPANY' }];
    expect(refusal(body)).toMatchObject({ retFlag: '10001', field: 'userIds[1].custType' });
    body.userIds = [{ mobile: 'm'.repeat(33) }];
    expect(refusal(body)).toMatchObject({ field: 'userIds[0].mobile' });
  });

  it('allows 10,000 recipients and refuses 10,001', () => {
    const body = valid();
    body.userIds = Array.from({ length: 10_000 }, (_, i) => ({ mobile: `1330000${String(i).padStart(4, '0')}` }));
    expect(refusal(body)).toBeUndefined();
    body.userIds.push({ mobile: '13300009999' });
    expect(refusal(body)).toMatchObject({ retFlag: '10001', field: 'userIds' });
  });

  it('refuses a body that is not an object', () => {
    expect(refusal(null)).toMatchObject({ retFlag: '10001', field: 'body' });
    expect(refusal([1])).toMatchObject({ retFlag: '10001', field: 'body' });
  });

  it('knows real request times', () => {
    expect(isRequestTime('2024-02-29 23:59:59')).toBe(true);
    expect(isRequestTime('2023-02-29 00:00:00')).toBe(false);
    expect(isRequestTime('2023-13-01 00:00:00')).toBe(false);
    expect(isRequestTime('2023-01-01 00:60:00')).toBe(false);
  });
});
