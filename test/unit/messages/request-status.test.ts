import { describe, expect, it } from 'vitest';
import type { MessageRequest, SendRecord } from '#contracts/records';
import { isDomainError } from '#core/errors';
import { getRequestStatus, maskAddress, type RequestStatusQuery } from '#core/messages/request-status';

const request = { institution: 'OUTPLATFORM', requestNo: 'R1', bizType: 'B', status: 'INTERCEPTED', recipientCount: 1, interceptReason: '全部拦截', createdAt: 't0', updatedAt: 't1' } as MessageRequest;

const query = (records: SendRecord[]): RequestStatusQuery => ({
  findRequest: async (institution, requestNo) => (institution === 'OUTPLATFORM' && requestNo === 'R1' ? request : undefined),
  sendRecords: async () => records,
});

describe('request status', () => {
  it('masks the middle of mobiles and e-mail local parts, leaves device numbers', () => {
    expect(maskAddress('13361249238')).toBe('133****9238');
    expect(maskAddress('+8613361249238')).toBe('+86****9238');
    expect(maskAddress('ab@163.com')).toBe('a***@163.com');
    expect(maskAddress('device-token-1')).toBe('device-token-1');
  });

  it('reports the intercept reason and NOT_FOUND for unknown requests', async () => {
    expect(await getRequestStatus(query([]), { institution: 'OUTPLATFORM', requestNo: 'R1' })).toMatchObject({ status: 'INTERCEPTED', interceptReason: '全部拦截', deliveries: [] });
    const error = await getRequestStatus(query([]), { institution: 'CRM', requestNo: 'R1' }).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('NOT_FOUND');
  });
});
