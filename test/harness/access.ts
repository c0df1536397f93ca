import type { DemoPerson } from '#scripts/lib/in-process';

/**
 * Who may read and who may change a CRM record of team North (a client owned by
 * manager@demo.local, its deals, its activities), as statuses: analysts read everything and
 * change nothing, team South does not see it at all.
 */
export const NORTH_RECORD_ACCESS: readonly (readonly [DemoPerson, number, number])[] = [
  ['admin', 200, 200],
  ['analyst', 200, 403],
  ['manager', 200, 200],
  ['noah', 200, 200],
  ['supervisor', 200, 200],
  ['sara', 404, 404],
];
