import { describe, expect, it } from 'vitest';
import { broadcastTargets, expandAccounts } from '#core/devices/push-recipients';
import { FakeConfig } from '../../support/fakes/captcha-deps.ts';

const config = new FakeConfig()
  .put('deviceType', { code: 'ANDROID', name: 'Android', platform: 'ANDROID' })
  .put('deviceType', { code: 'IOS', name: 'iOS', platform: 'IOS' })
  .put('deviceType', { code: 'ANY', name: 'any', platform: 'ALL' });

const directory = (devices: Record<string, { deviceNo: string; deviceTypeCode: string }[]>) => ({
  devicesOf: async (_: string, userId: string) => [...(devices[userId] ?? [])],
  typesOf: async (_: string, deviceNos: string[]) => new Map(Object.values(devices).flat().filter((d) => deviceNos.includes(d.deviceNo)).map((d) => [d.deviceNo, d.deviceTypeCode])),
});

describe('push recipients', () => {
  it('expands a userId to its devices in token order, after the request positions, the same way every time', async () => {
    const devices = directory({ u1: [{ deviceNo: 'z-ios', deviceTypeCode: 'IOS' }, { deviceNo: 'a-android', deviceTypeCode: 'ANDROID' }] });
    const request = { institution: 'I', recipientCount: 3 };
    const recipients = [{ index: 0, userId: 'u1' }, { index: 1, userId: 'none' }, { index: 2, deviceNo: 'z-ios' }];
    const first = await expandAccounts(devices, request, recipients);
    expect(first).toEqual([
      { index: 3, userId: 'u1', deviceNo: 'a-android', deviceType: 'ANDROID' },
      { index: 4, userId: 'u1', deviceNo: 'z-ios', deviceType: 'IOS' },
      { index: 1, userId: 'none', problem: expect.stringContaining('no device registered for userId none') },
      { index: 2, deviceNo: 'z-ios', deviceType: 'IOS' },
    ]);
    expect(await expandAccounts(devices, request, recipients)).toEqual(first);
  });

  it("broadcasts to the method's iOS or Android type only, else to every type (not the ALL pseudo-type)", async () => {
    expect(await broadcastTargets(config, 'IOS')).toEqual([{ index: 0, address: 'broadcast:IOS', deviceType: 'IOS' }]);
    expect((await broadcastTargets(config, 'ANY')).map((t) => t.address)).toEqual(['broadcast:ANDROID', 'broadcast:IOS']);
    expect((await broadcastTargets(config, undefined)).map((t) => t.address)).toEqual(['broadcast:ANDROID', 'broadcast:IOS']);
  });
});
