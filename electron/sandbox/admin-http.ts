import { ZodError } from 'zod';
import { faultConfigSchema, faultSettingsSchema } from './faults';
import { organicTrafficSchema } from './organic-traffic';
import { advanceSchema, type SandboxAdmin } from './sandbox-admin';

/** A JSON answer of the admin API. */
export interface AdminAnswer {
  status: number;
  body: unknown;
}

function notFound(what: string): AdminAnswer {
  return { status: 404, body: { error: 'NotFound', message: what } };
}

/**
 * The `/_sandbox/` JSON API over the in-process admin:
 *
 * - `GET  /_sandbox/state` everything; `GET /_sandbox/tables/:name` one table with partitions
 * - `GET|PUT|DELETE /_sandbox/tables/:name/organic` organic traffic
 * - `GET|PUT /_sandbox/faults`, `PUT|DELETE /_sandbox/tables/:name/faults`
 * - `POST /_sandbox/reset`, `POST /_sandbox/clock/advance {ms}` (manual clock only)
 */
export async function handleAdmin(admin: SandboxAdmin, method: string, path: string, body: string): Promise<AdminAnswer> {
  const parts = path.replace(/^\/_sandbox\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const json = (): unknown => (body.trim() ? JSON.parse(body) : {});
  try {
    const [head, name, sub] = parts;
    if (head === 'state' && method === 'GET') return { status: 200, body: admin.state() };
    if (head === 'tables' && name === undefined && method === 'GET') return { status: 200, body: admin.state().tables };
    if (head === 'tables' && name !== undefined && sub === undefined && method === 'GET') {
      const view = admin.table(name);
      return view ? { status: 200, body: view } : notFound(`table ${name}`);
    }
    if (head === 'tables' && name !== undefined && sub === 'organic') {
      if (method === 'GET') {
        const view = admin.organic(name);
        return view ? { status: 200, body: view } : notFound(`organic traffic of ${name}`);
      }
      if (method === 'PUT') return { status: 200, body: admin.setOrganic(name, organicTrafficSchema.parse(json())) };
      if (method === 'DELETE') {
        admin.clearOrganic(name);
        return { status: 200, body: {} };
      }
    }
    if (head === 'tables' && name !== undefined && sub === 'faults') {
      if (method === 'PUT') return { status: 200, body: admin.setTableFaults(name, faultSettingsSchema.parse(json())) };
      if (method === 'DELETE') return { status: 200, body: admin.setTableFaults(name, null) };
    }
    if (head === 'faults') {
      if (method === 'GET') return { status: 200, body: admin.faults() };
      if (method === 'PUT') return { status: 200, body: admin.setFaults(faultConfigSchema.parse(json())) };
    }
    if (head === 'reset' && method === 'POST') {
      await admin.reset();
      return { status: 200, body: {} };
    }
    if (head === 'clock' && name === 'advance' && method === 'POST') {
      const { ms } = advanceSchema.parse(json());
      try {
        return { status: 200, body: { nowMs: admin.advance(ms) } };
      } catch (error) {
        return { status: 409, body: { error: 'WallClock', message: (error as Error).message } };
      }
    }
    if (head === 'clock' && name === undefined && method === 'GET') return { status: 200, body: { nowMs: admin.now() } };
    return notFound(`${method} ${path}`);
  } catch (error) {
    if (error instanceof ZodError) return { status: 400, body: { error: 'ValidationError', message: error.message, issues: error.issues } };
    if (error instanceof SyntaxError) return { status: 400, body: { error: 'BadJson', message: error.message } };
    throw error;
  }
}
