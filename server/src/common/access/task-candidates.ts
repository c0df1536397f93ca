/**
 * Who may claim a group task (a user task nobody took yet), as a check on one task and as SQL for
 * task lists; `AccessPolicy` applies both.
 */
import type { AuthUser } from '#server/auth/auth-user';

/**
 * Who takes a group task: admins any; others only one of no candidate team or of a team in
 * `teams` (the one they work in and those they oversee, see `claimingTeams`), and then
 * supervisors any role's, others only one of no candidate role or of a role they hold.
 * `claimableSql` is the same rule in SQL.
 */
export function mayClaim(
  user: AuthUser,
  task: { candidateRole: string | null; candidateTeamId: string | null },
  teams: string[],
): boolean {
  if (user.roles.includes('admin')) return true;
  if (task.candidateTeamId !== null && !teams.includes(task.candidateTeamId)) return false;
  if (user.roles.includes('supervisor')) return true;
  return task.candidateRole === null || user.roles.some((role) => role === task.candidateRole);
}

/** The teams of the user whose id is `caller` (SQL): the one they work in, those they oversee. */
export function callerTeamsSql(caller: string): string {
  return `SELECT team_id FROM users WHERE id = ${caller} AND team_id IS NOT NULL
          UNION SELECT team_id FROM team_supervisors WHERE user_id = ${caller}`;
}

/**
 * `mayClaim` as a condition on the task row `task`: unassigned and claimable by the user whose
 * id is the named parameter `callerParam`; its roles are the parameter `claimRoles`.
 */
export function claimableSql(user: AuthUser, task: string, callerParam: string): string {
  if (user.roles.includes('admin')) return `${task}.assignee_id IS NULL`;
  const team = `(${task}.candidate_team_id IS NULL OR ${task}.candidate_team_id IN (${callerTeamsSql(`:${callerParam}`)}))`;
  const role = user.roles.includes('supervisor')
    ? 'TRUE'
    : `(${task}.candidate_role IS NULL OR ${task}.candidate_role = ANY(:claimRoles))`;
  return `(${task}.assignee_id IS NULL AND ${team} AND ${role})`;
}

export const claimRoles = (user: AuthUser) => ({ claimRoles: user.roles });
