import { allowedSections, homeSection } from '../src/sections';
import { sortTasks } from '../src/task-order';

const sections = (...roles: string[]) => allowedSections(roles).map((entry) => entry.section);

describe('the sections a user is offered', () => {
  it('follow the roles', () => {
    expect(sections('manager')).toEqual(['tasks', 'clients', 'deals', 'calendar']);
    expect(sections('supervisor')).toEqual([
      'tasks',
      'clients',
      'deals',
      'calendar',
      'monitoring',
      'definitions',
    ]);
    expect(sections('analyst')).toEqual(['clients', 'deals', 'calendar', 'definitions', 'modeler']);
    expect(sections('admin')).toEqual([
      'tasks',
      'clients',
      'deals',
      'calendar',
      'monitoring',
      'definitions',
      'modeler',
      'admin',
    ]);
    expect(sections('manager', 'analyst')).toContain('modeler');
    expect(sections('manager', 'analyst', 'supervisor')).not.toContain('admin');
  });

  it('lead home to the definitions for modellers, else to the first section', () => {
    expect(homeSection(['analyst'])).toBe('definitions');
    expect(homeSection(['admin'])).toBe('definitions');
    expect(homeSection(['manager'])).toBe('tasks');
    expect(homeSection([])).toBe('clients');
  });
});

describe('the order of a task list', () => {
  const task = (id: string, overdue: boolean, dueAt: string | null, createdAt: string) => ({
    id,
    overdue,
    dueAt,
    createdAt,
  });

  it('puts overdue tasks first, then the soonest due, undated last, oldest first among equals', () => {
    const ordered = sortTasks([
      task('undated-new', false, null, '2026-01-02T00:00:00Z'),
      task('due-late', false, '2026-03-01T00:00:00Z', '2026-01-01T00:00:00Z'),
      task('overdue', true, '2026-01-05T00:00:00Z', '2026-01-01T00:00:00Z'),
      task('undated-old', false, null, '2026-01-01T00:00:00Z'),
      task('due-soon', false, '2026-02-01T00:00:00Z', '2026-01-03T00:00:00Z'),
    ]);
    expect(ordered.map((entry) => entry.id)).toEqual([
      'overdue',
      'due-soon',
      'due-late',
      'undated-old',
      'undated-new',
    ]);
  });
});
