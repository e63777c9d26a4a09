import { describe, expect, it } from 'vitest';
import type { DispatchMethod, SendType, Template } from '#contracts/config-platform';
import type { MessageRequest } from '#contracts/records';
import { buildSendRecords } from '#core/delivery/build-send-records';

// A template edited after intake checked it: the split sends no bare `${name}`, the recipient is
// UNSENDABLE with the variable named.

const request = {
  institution: 'I', requestNo: 'R1', bizType: 'B', bizId: 'X', pushType: 'SINGLE_ACCOUNT', bizContent: '{"A":"a"}', useTmpl: 'Y',
  requestTime: '2024-05-01 10:00:00', requestIp: '1.1.1.1', bodyHash: 'h', dispatchConfigId: 'D', greenLane: false, status: 'INIT',
  recipientCount: 1, chunkCount: 0, attempts: 0, createdAt: '2024-05-01T02:00:00.000Z', updatedAt: '2024-05-01T02:00:00.000Z',
} as MessageRequest;
const method = { id: 'M', dispatchConfigId: 'D', sendTypeId: 'S', templateId: 'T', greenLane: false, enabled: true } as DispatchMethod;
const sendType = { id: 'S', name: 'sms', channel: 'SMS', provider: 'OUTBOX', enabled: true, settings: {} } as unknown as SendType;

describe('buildSendRecords with a template variable without a value', () => {
  it('marks the recipient UNSENDABLE naming the variable instead of sending ${dueDate}', () => {
    const template: Template = { id: 'T', name: 't', title: '', content: '${A}，请于${dueDate}前还款。' };
    const [record] = buildSendRecords(request, [{ mobile: '13800138000', index: 0 }], { method, sendType, template }, { sendLimit: 3 }, request.createdAt);
    expect(record!.recipients[0]).toMatchObject({ status: 'UNSENDABLE', error: expect.stringContaining('dueDate') });
  });

  it('sends when every variable has a value', () => {
    const template: Template = { id: 'T', name: 't', title: '', content: '${A}，${custName}' };
    const [record] = buildSendRecords(request, [{ mobile: '13800138000', custName: '张三', index: 0 }], { method, sendType, template }, { sendLimit: 3 }, request.createdAt);
    expect(record!.recipients[0]).toMatchObject({ status: 'UNSENT', content: 'a，张三' });
  });
});
