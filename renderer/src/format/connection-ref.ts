import type { ConnectionInfo } from '../../../shared/contract';
import type { ConnectionRef } from '../../../shared/job-spec';

/**
 * The job-spec form of a connection the operator picked (the engine resolves it the same
 * way), and back: which listed connection a job's spec points at.
 */
export function connectionRefOf(connection: ConnectionInfo): ConnectionRef {
  if (connection.kind === 'sandbox') return { kind: 'sandbox' };
  if (connection.kind === 'endpoint') return { kind: 'endpoint', endpoint: connection.endpoint ?? '', region: connection.region };
  return { kind: 'aws', region: connection.region, ...(connection.profile ? { profile: connection.profile } : {}) };
}

/** The listed connection a spec's connection points at, or undefined when it is not listed any more. */
export function findConnection(ref: ConnectionRef, connections: ConnectionInfo[]): ConnectionInfo | undefined {
  return connections.find((c) => {
    if (ref.kind === 'sandbox') return c.kind === 'sandbox';
    if (ref.kind === 'endpoint') return c.kind === 'endpoint' && c.endpoint === ref.endpoint;
    return c.kind === 'aws' && c.region === ref.region && (c.profile ?? undefined) === ref.profile;
  });
}
