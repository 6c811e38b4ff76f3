import { Badge } from '@shopify/polaris';
import type { DestinationView } from '../../../server/admin-api/admin-api-types.js';

type StatusOf = Pick<DestinationView, 'status' | 'paused'>;

/** True when the remote refused the stored credentials: syncs stay off until they are replaced. */
export const credentialsRejected = (d: StatusOf) => d.status === 'paused' && d.paused?.reason === 'credentials_rejected';

export function destinationStatusLabel(d: StatusOf): string {
  if (d.status === 'active') return 'Active';
  return credentialsRejected(d) ? 'Paused: credentials rejected' : 'Paused';
}

export function DestinationStatusBadge({ destination }: { destination: StatusOf }) {
  const tone = destination.status === 'active' ? 'success' : credentialsRejected(destination) ? 'critical' : undefined;
  return <Badge tone={tone}>{destinationStatusLabel(destination)}</Badge>;
}
