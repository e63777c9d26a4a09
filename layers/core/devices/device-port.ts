import type { DeviceType } from '#contracts/config-platform';
import type { StoredDevice } from '#contracts/devices';

/** The registered devices (one item per institution and token). */
export interface DeviceStore {
  find(institution: string, deviceNo: string): Promise<StoredDevice | undefined>;
  /**
   * Writes `device` if the token's item is still as read (`seen`: undefined = absent); false when
   * another registration changed it in between (the caller reads again).
   */
  put(device: StoredDevice, seen: Pick<StoredDevice, 'updatedAt'> | undefined): Promise<boolean>;
  /** Deletes the token's item if it is still as read; false when it changed or is gone. */
  remove(device: Pick<StoredDevice, 'institution' | 'deviceNo' | 'updatedAt'>): Promise<boolean>;
}

/** "The devices of userId": one Query (push by account). */
export interface DeviceDirectory {
  devicesOf(institution: string, userId: string): Promise<Pick<StoredDevice, 'deviceNo' | 'deviceTypeCode'>[]>;
  /** The registered type of each token that is registered (a request naming deviceNo directly). */
  typesOf(institution: string, deviceNos: string[]): Promise<Map<string, string>>;
}

/**
 * The push service's side of a device: its platform endpoint (APNs or FCM application of the device
 * type) and its subscription to the device type's broadcast topic. Both idempotent for the same token.
 */
export interface PushEndpoints {
  attach(deviceType: DeviceType, deviceNo: string): Promise<Pick<StoredDevice, 'endpointArn' | 'subscriptionArn'>>;
  detach(device: Pick<StoredDevice, 'endpointArn' | 'subscriptionArn'>): Promise<void>;
}
