import type { JobSpec } from '../../../shared/job-spec';
import type { ClientTarget } from '../dynamo/client-target';

/**
 * Where a worker sends a spec's requests: an endpoint as named, AWS in the spec's region
 * with the worker's own credentials (its role or environment; never the panel's profile).
 */
export function workerTarget(spec: JobSpec): ClientTarget {
  const ref = spec.connection;
  switch (ref.kind) {
    case 'sandbox':
      throw new Error("This job names the panel's built-in sandbox, which workers cannot reach: run it against an endpoint (capstan sandbox) or AWS");
    case 'endpoint':
      return { region: ref.region, endpoint: ref.endpoint, auth: { kind: 'local' } };
    case 'aws':
      return { region: ref.region, endpoint: ref.endpoint ?? null, auth: { kind: 'profile', profile: null } };
  }
}
