import { describe, expect, it } from 'vitest';
import type { DeviceType } from '#contracts/config-platform';
import type { StoredDevice } from '#contracts/devices';
import type { DeviceStore, PushEndpoints } from '#core/devices/device-port';
import { registerDevice } from '#core/devices/register-device';
import { unregisterDevice } from '#core/devices/unregister-device';
import { FakeConfig } from '../../support/fakes/captcha-deps.ts';

// Registration's rules with in-memory ports: a repeat writes nothing, a type change swaps endpoints,
// a lost race reads again, unregistering removes the item before the SNS side.

class MemoryDevices implements DeviceStore {
  readonly items = new Map<string, StoredDevice>();
  writes = 0;
  /** Before the next put, someone else writes this (a concurrent registration). */
  interleave?: StoredDevice;
  async find(institution: string, deviceNo: string) {
    return this.items.get(`${institution}#${deviceNo}`);
  }
  async put(device: StoredDevice, seen: Pick<StoredDevice, 'updatedAt'> | undefined) {
    if (this.interleave) {
      const other = this.interleave;
      this.interleave = undefined;
      this.items.set(`${other.institution}#${other.deviceNo}`, other);
    }
    const current = this.items.get(`${device.institution}#${device.deviceNo}`);
    if (seen ? current?.updatedAt !== seen.updatedAt : current) return false;
    this.items.set(`${device.institution}#${device.deviceNo}`, device);
    this.writes++;
    return true;
  }
  async remove(device: Pick<StoredDevice, 'institution' | 'deviceNo' | 'updatedAt'>) {
    const current = this.items.get(`${device.institution}#${device.deviceNo}`);
    if (current?.updatedAt !== device.updatedAt) return false;
    this.items.delete(`${device.institution}#${device.deviceNo}`);
    return true;
  }
}

class RecordingEndpoints implements PushEndpoints {
  readonly calls: string[] = [];
  async attach(type: DeviceType, deviceNo: string) {
    this.calls.push(`attach ${type.code} ${deviceNo}`);
    return { endpointArn: `${type.code}/${deviceNo}`, subscriptionArn: `${type.code}-topic:${deviceNo}` };
  }
  async detach(device: Pick<StoredDevice, 'endpointArn' | 'subscriptionArn'>) {
    this.calls.push(`detach ${device.endpointArn}`);
  }
}

const setup = () => {
  let tick = 0;
  const config = new FakeConfig()
    .put('deviceType', { code: 'ANDROID', name: 'Android', platform: 'ANDROID', platformApplicationArn: 'app/GCM', broadcastTopicArn: 'arn:aws:sns:us-east-1:111111111111:message-platform-dev-push-android' })
    .put('deviceType', { code: 'IOS', name: 'iOS', platform: 'IOS', platformApplicationArn: 'app/APNS' });
  const devices = new MemoryDevices();
  const endpoints = new RecordingEndpoints();
  const deps = { config, devices, endpoints, now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)) };
  return { deps, devices, endpoints };
};

describe('registerDevice', () => {
  it('writes nothing and calls nothing when the same token is registered again for the same user and type', async () => {
    const { deps, devices, endpoints } = setup();
    const first = await registerDevice(deps, { institution: 'I', userId: 'u1', deviceNo: 't1', deviceType: 'ANDROID' });
    expect(first).toMatchObject({ status: 'REGISTERED', moved: false, broadcast: true });
    await registerDevice(deps, { institution: 'I', userId: 'u1', deviceNo: 't1', deviceType: 'ANDROID' });
    expect(devices.writes).toBe(1);
    expect(endpoints.calls).toEqual(['attach ANDROID t1']);
  });

  it('moves a token to another user keeping its endpoint, and swaps endpoints when its type changes', async () => {
    const { deps, devices, endpoints } = setup();
    await registerDevice(deps, { institution: 'I', userId: 'u1', deviceNo: 't1', deviceType: 'ANDROID' });
    expect(await registerDevice(deps, { institution: 'I', userId: 'u2', deviceNo: 't1', deviceType: 'ANDROID' })).toMatchObject({ moved: true });
    expect(endpoints.calls).toEqual(['attach ANDROID t1']);
    const ios = await registerDevice(deps, { institution: 'I', userId: 'u2', deviceNo: 't1', deviceType: 'IOS' });
    expect(ios).toMatchObject({ moved: false, broadcast: false });
    expect(endpoints.calls).toEqual(['attach ANDROID t1', 'attach IOS t1', 'detach ANDROID/t1']);
    expect(await devices.find('I', 't1')).toMatchObject({ userId: 'u2', deviceTypeCode: 'IOS', endpointArn: 'IOS/t1' });
  });

  it('reads again when another registration of the token wins the race', async () => {
    const { deps, devices } = setup();
    await registerDevice(deps, { institution: 'I', userId: 'u1', deviceNo: 't1', deviceType: 'ANDROID' });
    devices.interleave = { ...(await devices.find('I', 't1'))!, userId: 'u3', updatedAt: '2026-01-01T00:00:30.000Z' };
    expect(await registerDevice(deps, { institution: 'I', userId: 'u2', deviceNo: 't1', deviceType: 'ANDROID' })).toMatchObject({ userId: 'u2', moved: true });
    expect((await devices.find('I', 't1'))!.userId).toBe('u2');
  });

  it('refuses an unknown device type naming the field', async () => {
    const { deps } = setup();
    await expect(registerDevice(deps, { institution: 'I', userId: 'u1', deviceNo: 't1', deviceType: 'BLACKBERRY' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'deviceType' });
  });
});

describe('unregisterDevice', () => {
  it('removes the item, then the endpoint and subscription; an unknown token is NOT_FOUND', async () => {
    const { deps, devices, endpoints } = setup();
    await registerDevice(deps, { institution: 'I', userId: 'u1', deviceNo: 't1', deviceType: 'ANDROID' });
    expect(await unregisterDevice(deps, { institution: 'I', deviceNo: 't1' })).toEqual({ deviceNo: 't1', status: 'UNREGISTERED' });
    expect(await devices.find('I', 't1')).toBeUndefined();
    expect(endpoints.calls.at(-1)).toBe('detach ANDROID/t1');
    await expect(unregisterDevice(deps, { institution: 'I', deviceNo: 't1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Another institution's token of the same value is another device.
    await expect(unregisterDevice(deps, { institution: 'J', deviceNo: 't1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
