import { describe, expect, it } from 'vitest';
import { recipientIndexEntries } from '#core/delivery/recipient-index';
import { splitRequest } from '#core/delivery/split-request';
import { deliveryFixture, requestOf, usersOf } from '../../support/fakes/delivery-fakes.ts';

describe('the recipient index written by the split', () => {
  it('has one entry per identity and request, values canonical, naming the records that hold it', async () => {
    const f = deliveryFixture();
    const users = usersOf(2, (i) => (i === 1 ? { mobile: '+86 138-0000-0000', email: 'U0@EXAMPLE.com', userId: 'u0' } : {}));
    f.requests.add(requestOf({ recipientCount: 2 }), users);
    await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'R1' });
    const entries = [...f.recipientIndex.entries.values()];
    // Both users are the same person, written two ways: one entry per identity.
    expect(entries.map((e) => `${e.identity}:${e.value}`).sort()).toEqual(['email:u0@example.com', 'mobile:13800000000', 'userId:u0']);
    const [record] = [...f.sendRecords.records.values()];
    expect(entries.every((e) => e.requestNo === 'R1' && e.sendIds.length === 1 && e.sendIds[0] === record!.sendId)).toBe(true);
  });

  it('skips identities a recipient does not have', () => {
    const entries = recipientIndexEntries({ institution: 'I', requestNo: 'R', createdAt: 't' }, [
      { sendId: 'S1', recipients: [{ index: 0, mobile: '13800000000', to: '13800000000', status: 'UNSENT', userId: '' }] } as never,
    ]);
    expect(entries.map((e) => e.identity)).toEqual(['mobile']);
  });
});
