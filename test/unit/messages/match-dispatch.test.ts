import { describe, expect, it } from 'vitest';
import type { DispatchConfig } from '#contracts/config-platform';
import { matchDispatch, type DispatchKey } from '#core/messages/match-dispatch';

const config = (id: string, priority: number, match: DispatchConfig['match'], enabled = true): DispatchConfig => ({
  id,
  name: id,
  enabled,
  priority,
  match,
  sendLimit: 3,
});

const key = (extra: Partial<DispatchKey> = {}): DispatchKey => ({ institution: 'OUTPLATFORM', bizType: 'MARKET_ACTIVITY', ...extra });

describe('matchDispatch', () => {
  it('matches only configurations whose non-empty fields all equal the request', () => {
    const configs = [
      config('OTHER_BIZ', 50, { bizType: 'ACCOUNT_SECURITY' }),
      config('OTHER_INST', 50, { institution: 'CRM', bizType: 'MARKET_ACTIVITY' }),
      config('PRODUCT', 40, { bizType: 'MARKET_ACTIVITY', productCode: 'P1' }),
      config('ANY', 1, {}),
    ];
    expect(matchDispatch(configs, key())?.id).toBe('ANY');
    expect(matchDispatch(configs, key({ productCode: 'P1' }))?.id).toBe('PRODUCT');
    expect(matchDispatch(configs, key({ productCode: 'P2' }))?.id).toBe('ANY');
    expect(matchDispatch(configs, key({ institution: 'CRM' }))?.id).toBe('OTHER_INST');
  });

  it('picks the highest priority, and the smallest id among equal priorities', () => {
    const configs = [config('B', 10, {}), config('C', 5, {}), config('A', 10, {})];
    expect(matchDispatch(configs, key())?.id).toBe('A');
    expect(matchDispatch([config('LOW', 1, {}), config('HIGH', 2, {})], key())?.id).toBe('HIGH');
  });

  it('routes sendType EMAIL requests to EMAIL configurations and empty sendType to DEFAULT ones', () => {
    const configs = [config('EMAIL', 20, { sendType: 'EMAIL' }), config('DEFAULT', 10, { sendType: 'DEFAULT' })];
    expect(matchDispatch(configs, key({ sendType: 'EMAIL' }))?.id).toBe('EMAIL');
    expect(matchDispatch(configs, key())?.id).toBe('DEFAULT');
    expect(matchDispatch(configs, key({ sendType: '' }))?.id).toBe('DEFAULT');
    expect(matchDispatch([config('DEFAULT', 10, { sendType: 'DEFAULT' })], key({ sendType: 'EMAIL' }))).toBeUndefined();
    expect(matchDispatch([config('EMAIL', 20, { sendType: 'EMAIL' })], key())).toBeUndefined();
  });

  it('ignores disabled configurations and answers undefined when nothing matches', () => {
    expect(matchDispatch([config('OFF', 99, {}, false), config('ON', 1, {})], key())?.id).toBe('ON');
    expect(matchDispatch([config('OFF', 99, {}, false)], key())).toBeUndefined();
    expect(matchDispatch([], key())).toBeUndefined();
  });

  it('does not match a field the request left empty', () => {
    expect(matchDispatch([config('CH', 5, { channelNo: 'APP001' })], key())).toBeUndefined();
    expect(matchDispatch([config('SUB', 5, { subBizType: 'X' })], key({ subBizType: 'X' }))?.id).toBe('SUB');
  });
});
