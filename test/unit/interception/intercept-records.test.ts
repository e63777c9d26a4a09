import { describe, expect, it } from 'vitest';
import { toInterceptRecords, toInterceptedRequest } from '#core/interception/intercept-records';
import type { ScreenDecision, ScreenInput } from '#core/interception/screen-port';

const input: ScreenInput = {
  institution: 'INST',
  requestNo: 'R1',
  bizType: 'MARKET',
  channel: 'SMS',
  sendId: 'SEND1',
  title: 't',
  content: 'c',
  recipients: [
    { index: 4, to: '+86 13800138000', userId: 'U4' },
    { index: 5, to: '13900139000', mobile: '13900139000' },
  ],
  now: new Date('2024-03-10T04:00:00Z'),
};
const at = '2024-03-10T04:00:01.000Z';

describe('toInterceptRecords', () => {
  it('makes one record per INTERCEPT with the deterministic id sendId#index', () => {
    const decisions: ScreenDecision[] = [
      { index: 4, action: 'INTERCEPT', rule: 'BLACKLIST', reason: '用户投诉' },
      { index: 5, action: 'HOLD', until: new Date(), reason: 'quiet' },
    ];
    expect(toInterceptRecords(input, decisions, at)).toEqual([
      { id: 'SEND1#4', institution: 'INST', requestNo: 'R1', bizType: 'MARKET', channel: 'SMS', sendId: 'SEND1', userId: 'U4', mobile: '+86 13800138000', rule: 'BLACKLIST', reason: '用户投诉', createdAt: at },
    ]);
  });
});

describe('toInterceptedRequest', () => {
  const request = { institution: 'INST', requestNo: 'R1', bizType: 'MARKET', recipientCount: 3 };
  it('is recorded only when every recipient was intercepted, with the most common rule', () => {
    const all: ScreenDecision[] = [
      { index: 0, action: 'INTERCEPT', rule: 'DAILY_CAP', reason: '超过每日发送上限 3' },
      { index: 1, action: 'INTERCEPT', rule: 'BLACKLIST', reason: 'x' },
      { index: 2, action: 'INTERCEPT', rule: 'DAILY_CAP', reason: '超过每日发送上限 3' },
    ];
    expect(toInterceptedRequest(request, all, at)).toEqual({ ...request, reason: 'DAILY_CAP: 超过每日发送上限 3', createdAt: at });
    expect(toInterceptedRequest(request, [...all, { index: 3, action: 'SEND', exempt: false }], at)).toBeUndefined();
    expect(toInterceptedRequest(request, [...all, { index: 3, action: 'HOLD', until: new Date(), reason: 'q' }], at)).toBeUndefined();
    expect(toInterceptedRequest(request, [], at)).toBeUndefined();
  });
});
