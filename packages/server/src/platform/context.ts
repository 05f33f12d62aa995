import type { Permission } from '../modules/staff/permissions';

/** Who is acting. Every audit row and every permission check starts here. */
export interface Actor {
  type: 'staff' | 'api_key' | 'system' | 'customer';
  id: string | null;
  organizationId: string | null;
  role?: string;
  permissions: ReadonlySet<Permission | string>;
  /** Stores a staff member may act in; empty means every store of the organization. */
  storeIds: readonly string[];
  /** The session, for staff signed in through a browser or register. */
  sessionId?: string;
}

export interface RequestContext {
  actor: Actor;
  requestId: string | null;
}

export const systemActor: Actor = {
  type: 'system',
  id: 'system',
  organizationId: null,
  permissions: new Set(),
  storeIds: [],
};

export function systemContext(organizationId: string | null = null): RequestContext {
  return { actor: { ...systemActor, organizationId }, requestId: null };
}
