import type { Role } from '../../db/sql/webRows.ts';

/** Who is making a request, and how they proved it. */
export interface Principal {
  userId: number;
  name: string;
  role: Role;
  via: 'session' | 'token';
  /** set for cookie sessions: every form post must carry it */
  csrfToken: string | null;
  /** hash of the session cookie, for logout and for ending its live streams */
  sessionHash: string | null;
  /** hash of the bearer token, for ending its live streams when it is revoked */
  tokenHash: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** no login needed (login page, health check, static files) */
    public?: boolean;
    /** least role allowed; ops alone changes feeds and figures */
    role?: Role;
  }
}

const RANK: Record<Role, number> = { analyst: 0, editor: 1, ops: 2 };

/** Roles are ordered: ops may do what an editor may, an editor what an analyst may. */
export const hasRole = (p: Principal, least: Role): boolean => RANK[p.role] >= RANK[least];
