/** The app's sections and the roles each is offered to (the server still checks every call). */
export type Section =
  'tasks' | 'clients' | 'deals' | 'calendar' | 'monitoring' | 'definitions' | 'modeler' | 'admin';

const SECTIONS: { section: Section; label: string; roles: readonly string[] | 'all' }[] = [
  { section: 'tasks', label: 'Tasks', roles: ['manager', 'supervisor', 'admin'] },
  { section: 'clients', label: 'Clients', roles: 'all' },
  { section: 'deals', label: 'Deals', roles: 'all' },
  { section: 'calendar', label: 'Calendar', roles: 'all' },
  { section: 'monitoring', label: 'Monitoring', roles: ['supervisor', 'admin'] },
  { section: 'definitions', label: 'Definitions', roles: ['analyst', 'supervisor', 'admin'] },
  { section: 'modeler', label: 'Modeler', roles: ['analyst', 'admin'] },
  { section: 'admin', label: 'Admin', roles: ['admin'] },
];

export function allowedSections(roles: readonly string[]): { section: Section; label: string }[] {
  return SECTIONS.filter(
    (entry) => entry.roles === 'all' || entry.roles.some((role) => roles.includes(role)),
  ).map(({ section, label }) => ({ section, label }));
}

/** Where `#/` leads: the definitions for those who model, else the first section allowed. */
export function homeSection(roles: readonly string[]): Section {
  const allowed = allowedSections(roles).map((entry) => entry.section);
  if (allowed.includes('modeler')) return 'definitions';
  return allowed[0] ?? 'clients';
}

/** A mounted screen; `reroute` shows another id of the same section without remounting it. */
export interface MountedView {
  unmount(): void;
  reroute?(id: string | undefined): void;
}
