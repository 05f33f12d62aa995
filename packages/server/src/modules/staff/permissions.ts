// Permissions are plain strings `<area>:<action>`. Every route names one; roles are sets of them.
// Add a permission here when a module needs a new one, and give it to the roles that should hold it.

export const permissions = [
  'session:self',
  'org:read',
  'org:manage',
  'stores:read',
  'stores:manage',
  'staff:read',
  'staff:manage',
  'apikeys:manage',
  'audit:read',
  'events:read',
  'events:manage',
  'diagnostics:write',
  'rules:evaluate',
  'catalog:read',
  'catalog:write',
  'inventory:read',
  'inventory:write',
  'inventory:receive',
  'inventory:count',
  'inventory:approve',
  'inventory:destroy',
  'inventory:recall',
  'customers:read',
  'customers:write',
  // The full medical card number (encrypted at rest); every read is audited.
  'customers:reveal',
  // Folding a duplicate customer record into another after checking ID (owner and manager): it
  // moves purchase history, limits, points and credit, and cannot be undone.
  'customers:merge',
  // Erasing a customer's personal data at their request (owner and manager): names, contact, ID
  // numbers and the online sign-in go for good. Its own permission, not the merge's: an integration
  // key that merges duplicates is not thereby one that erases people.
  'customers:erase',
  'compliance:read',
  'compliance:override',
  'orders:read',
  'orders:write',
  'orders:refund',
  'orders:void',
  'pos:sell',
  'pos:manage',
  'pricing:override',
  'promotions:manage',
  // Manual loyalty-point corrections (always with a reason, always audited).
  'loyalty:adjust',
  'delivery:read',
  'delivery:write',
  // Acting on another driver's delivery run (starting one for them, loading, departing, ending
  // its stops, bringing it back): owners and managers. A driver acts on their own runs only.
  'delivery:dispatch',
  'traceability:read',
  'traceability:manage',
  'webhooks:manage',
  'alerts:read',
  'alerts:manage',
  'reports:read',
  // A signed-in shopper acting on their own carts and orders (the online store). No staff role
  // holds it, and a shopper holds nothing else.
  'shop:self',
] as const;

export type Permission = (typeof permissions)[number];

export const roles = ['owner', 'manager', 'budtender', 'inventory_manager', 'driver', 'auditor'] as const;
export type Role = (typeof roles)[number];

const all = new Set<Permission>(permissions);
const staffPermissions = permissions.filter((p) => p !== 'shop:self');
const readOnly = staffPermissions.filter((p) => p.endsWith(':read') || p === 'session:self');

const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(staffPermissions),
  manager: new Set(staffPermissions.filter((p) => p !== 'org:manage' && p !== 'apikeys:manage')),
  budtender: new Set<Permission>([
    'session:self',
    'stores:read',
    'events:read',
    'rules:evaluate',
    'catalog:read',
    'inventory:read',
    'customers:read',
    'customers:write',
    'orders:read',
    'orders:write',
    'pos:sell',
    'delivery:read',
  ]),
  inventory_manager: new Set<Permission>([
    'session:self',
    'stores:read',
    'events:read',
    'catalog:read',
    'catalog:write',
    'inventory:read',
    'inventory:write',
    'inventory:receive',
    'inventory:count',
    'inventory:destroy',
    'traceability:read',
    'alerts:read',
    'reports:read',
  ]),
  driver: new Set<Permission>(['session:self', 'stores:read', 'events:read', 'orders:read', 'delivery:read', 'delivery:write']),
  // Read-only everything, the audit log included, and the packs themselves: evaluating a cart
  // against a pack computes an answer and writes nothing.
  auditor: new Set<Permission>([...readOnly, 'rules:evaluate']),
};

export function permissionsOf(role: string): ReadonlySet<Permission> {
  return rolePermissions[role as Role] ?? new Set();
}

export function isPermission(value: string): value is Permission {
  return all.has(value as Permission);
}
