import type { DeviceKey } from '../../../server/admin-api/admin-api-types.js';

export const DEVICES: readonly DeviceKey[] = ['mobile', 'desktop', 'tablet'];
export const DEVICE_LABELS: Record<DeviceKey | 'all', string> = { all: 'All devices', mobile: 'Mobile', desktop: 'Desktop', tablet: 'Tablet' };
