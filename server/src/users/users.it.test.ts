/** Users and teams administration, and what the bearer token guards, on the real API. */
import { JwtService } from '@nestjs/jwt';
import { DemoPerson, useFlowcard } from '#test/harness/index';
import { loadConfig } from '../common/config';

const { flowcard, tokens, ids, as, auditOf } = useFlowcard({ worker: false });

const login = (email: string, password: string) =>
  flowcard.api(null, 'POST', '/api/auth/login', { email, password });

describe('access', () => {
  it('lets only admins administer users and teams', async () => {
    const someone = ids.noah;
    const north: string = (
      await flowcard.dataSource.query(`SELECT id FROM teams WHERE name = 'North'`)
    )[0].id;
    const calls: [string, string, unknown][] = [
      [
        'POST',
        '/api/users',
        { email: 'x@example.com', name: 'X', password: 'long-enough', roles: ['manager'] },
      ],
      ['PATCH', `/api/users/${someone}`, { name: 'Renamed' }],
      ['GET', `/api/users/${someone}`, undefined],
      ['GET', '/api/teams', undefined],
      ['GET', `/api/teams/${north}`, undefined],
      ['POST', '/api/teams', { name: 'Not allowed' }],
      ['PATCH', `/api/teams/${north}`, { name: 'Not allowed' }],
      ['PUT', `/api/teams/${north}/supervisors`, { userIds: [] }],
    ];
    for (const who of ['analyst', 'manager', 'supervisor'] as const) {
      for (const [method, path, body] of calls) {
        const response = await as(who, method, path, body);
        expect({ method, path, status: response.status, code: response.body.code }).toEqual({
          method,
          path,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
    }
    for (const [method, path, body] of calls) {
      expect((await flowcard.api(null, method, path, body)).status).toBe(401);
    }
    expect((await as('admin', 'GET', '/api/teams')).status).toBe(200);
  });

  it('lists active users to anyone signed in, with the picker fields only', async () => {
    const response = await as('manager', 'GET', '/api/users?limit=200');
    expect(response.status).toBe(200);
    const sara = response.body.items.find(
      (user: { email: string }) => user.email === 'sara@demo.local',
    );
    expect(Object.keys(sara).sort()).toEqual(['email', 'id', 'name', 'roles', 'teamId']);
    expect(sara.roles).toEqual(['manager']);
    const managers = await as('manager', 'GET', '/api/users?role=supervisor&q=sam');
    expect(managers.body.items.map((user: { email: string }) => user.email)).toEqual([
      'supervisor@demo.local',
    ]);
  });

  it('lists with readable=true only the users whose records (calendar) the caller may read', async () => {
    const readable = async (who: DemoPerson) => {
      const response = await as(who, 'GET', '/api/users?readable=true&limit=200');
      expect(response.status).toBe(200);
      return response.body.items
        .map((user: { email: string }) => user.email)
        .filter((email: string) => email.endsWith('@demo.local'))
        .sort();
    };
    const demo = (...names: string[]) => names.map((name) => `${name}@demo.local`).sort();
    expect(await readable('manager')).toEqual(demo('manager', 'noah'));
    expect(await readable('sara')).toEqual(demo('sara'));
    expect(await readable('supervisor')).toEqual(demo('supervisor', 'manager', 'noah'));
    const everyone = demo('admin', 'analyst', 'manager', 'noah', 'sara', 'supervisor');
    expect(await readable('admin')).toEqual(everyone);
    expect(await readable('analyst')).toEqual(everyone);
    const refused = await as('manager', 'GET', '/api/users?readable=yes');
    expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses an expired or tampered token with 401', async () => {
    const { jwtSecret } = loadConfig();
    const jwt = new JwtService({ secret: jwtSecret });
    const sub = ids.admin;
    const payload = { sub, email: 'admin@demo.local', roles: ['admin'] };
    const valid = await jwt.signAsync(payload, { expiresIn: '1h' });
    expect((await flowcard.api(valid, 'GET', '/api/teams')).status).toBe(200);

    const expired = await jwt.signAsync({ ...payload, exp: Math.floor(Date.now() / 1000) - 60 });
    const refusedExpired = await flowcard.api(expired, 'GET', '/api/me');
    expect(refusedExpired.status).toBe(401);
    expect(refusedExpired.body.code).toBe('UNAUTHORIZED');

    // A manager's token whose payload is edited to claim the admin role keeps its old signature.
    const [header, body, signature] = tokens.manager.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString(
      'base64url',
    );
    const tampered = await flowcard.api(`${header}.${forged}.${signature}`, 'GET', '/api/teams');
    expect(tampered.status).toBe(401);
    expect(tampered.body.code).toBe('UNAUTHORIZED');

    const otherSecret = await new JwtService({ secret: 'not-the-secret' }).signAsync(payload);
    expect((await flowcard.api(otherSecret, 'GET', '/api/teams')).status).toBe(401);
  });
});

describe('users', () => {
  it('creates a user who can log in, audited without the password', async () => {
    const created = await as('admin', 'POST', '/api/users', {
      email: ' Lena.Lind@Example.com ',
      name: 'Lena Lind',
      password: 'correct horse',
      roles: ['manager'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'lena.lind@example.com',
      name: 'Lena Lind',
      roles: ['manager'],
      teamId: null,
      active: true,
    });
    expect(created.body.passwordHash).toBeUndefined();

    const loggedIn = await login('lena.lind@example.com', 'correct horse');
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.body.user.roles).toEqual(['manager']);
    expect(loggedIn.body.user.teamIds).toEqual([]);

    const [entry] = await auditOf('user', created.body.id);
    expect(entry.action).toBe('create');
    expect(entry.actorUserId).toBe(ids.admin);
    expect(entry.after?.email).toBe('lena.lind@example.com');
    expect(JSON.stringify(entry)).not.toMatch(/password|\$2[aby]\$/i);

    // The teams whose task list rooms the signed-in user may watch come with the login.
    const [north] = await flowcard.dataSource.query(`SELECT id FROM teams WHERE name = 'North'`);
    const joined = await as('admin', 'PATCH', `/api/users/${created.body.id}`, {
      teamId: north.id,
    });
    expect(joined.status).toBe(200);
    expect((await login('lena.lind@example.com', 'correct horse')).body.user.teamIds).toEqual([
      north.id,
    ]);

    const again = await as('admin', 'POST', '/api/users', {
      email: 'LENA.LIND@example.com',
      name: 'Lena Again',
      password: 'another one',
      roles: ['analyst'],
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EMAIL_TAKEN');
  });

  it.each([
    ['a short password', { password: 'short' }],
    ['no role', { roles: [] }],
    ['an unknown role', { roles: ['owner'] }],
    ['a repeated role', { roles: ['manager', 'manager'] }],
    ['a bad email', { email: 'not-an-email' }],
    ['an unknown field', { nickname: 'x' }],
  ])('refuses a user with %s', async (_, change) => {
    const response = await as('admin', 'POST', '/api/users', {
      email: 'refused@example.com',
      name: 'Refused',
      password: 'long enough',
      roles: ['manager'],
      ...change,
    });
    expect(response.status).toBe(400);
  });

  it('refuses an unknown team', async () => {
    const response = await as('admin', 'POST', '/api/users', {
      email: 'teamless@example.com',
      name: 'Teamless',
      password: 'long enough',
      roles: ['manager'],
      teamId: '00000000-0000-4000-8000-000000000000',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('UNKNOWN_TEAM');
  });

  it('deactivates a user, who then cannot log in, and reactivates them', async () => {
    const created = await as('admin', 'POST', '/api/users', {
      email: 'leaving@example.com',
      name: 'Leaving Soon',
      password: 'goodbye all',
      roles: ['analyst'],
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const before = await login('leaving@example.com', 'goodbye all');
    const heldToken: string = before.body.accessToken;
    expect((await flowcard.api(heldToken, 'GET', '/api/me')).status).toBe(200);

    const deactivated = await as('admin', 'PATCH', `/api/users/${id}`, { active: false });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    const refused = await login('leaving@example.com', 'goodbye all');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('USER_DEACTIVATED');
    // A token issued before the deactivation stops working at once, not when it expires.
    const withOldToken = await flowcard.api(heldToken, 'GET', '/api/me');
    expect(withOldToken.status).toBe(401);
    expect(withOldToken.body.code).toBe('USER_DEACTIVATED');
    // Someone without the password learns nothing about the account.
    expect((await login('leaving@example.com', 'wrong password')).body.code).toBe(
      'INVALID_CREDENTIALS',
    );

    const active = await as('manager', 'GET', '/api/users?limit=200');
    expect(active.body.items.map((user: { id: string }) => user.id)).not.toContain(id);
    const inactive = await as('manager', 'GET', '/api/users?active=false&limit=200');
    expect(inactive.body.items.map((user: { id: string }) => user.id)).toContain(id);

    const [, update] = await auditOf('user', id);
    expect(update).toMatchObject({
      action: 'update',
      before: { active: true },
      after: { active: false },
    });

    await as('admin', 'PATCH', `/api/users/${id}`, {
      active: true,
      password: 'welcome back',
    });
    expect((await login('leaving@example.com', 'welcome back')).status).toBe(200);
    expect((await login('leaving@example.com', 'goodbye all')).status).toBe(401);
    const [, , passwordChange] = await auditOf('user', id);
    expect(passwordChange.after).toEqual({ active: true, passwordChanged: true });
  });

  it('does not let an admin lock themselves out', async () => {
    const self = ids.admin;
    for (const change of [{ active: false }, { roles: ['analyst'] }]) {
      const response = await as('admin', 'PATCH', `/api/users/${self}`, change);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('SELF_LOCKOUT');
    }
  });

  it('answers 409 when an update takes another user’s email', async () => {
    const noah = ids.noah;
    const response = await as('admin', 'PATCH', `/api/users/${noah}`, {
      email: 'sara@demo.local',
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('EMAIL_TAKEN');
  });
});

describe('teams', () => {
  it('creates, renames and staffs a team, audited', async () => {
    const created = await as('admin', 'POST', '/api/teams', { name: 'East' });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(created.body).toMatchObject({ name: 'East', supervisorIds: [], memberIds: [] });
    expect((await as('admin', 'POST', '/api/teams', { name: 'North' })).body.code).toBe(
      'TEAM_NAME_TAKEN',
    );

    const renamed = await as('admin', 'PATCH', `/api/teams/${id}`, { name: 'East Coast' });
    expect(renamed.body.name).toBe('East Coast');

    const sam = ids.supervisor;
    const staffed = await as('admin', 'PUT', `/api/teams/${id}/supervisors`, {
      userIds: [sam],
    });
    expect(staffed.status).toBe(200);
    expect(staffed.body.supervisorIds).toEqual([sam]);

    const notSupervisor = await as('admin', 'PUT', `/api/teams/${id}/supervisors`, {
      userIds: [sam, ids.noah],
    });
    expect(notSupervisor.status).toBe(400);
    expect(notSupervisor.body.code).toBe('NOT_A_SUPERVISOR');

    const member = await as('admin', 'POST', '/api/users', {
      email: 'east.member@example.com',
      name: 'Erin East',
      password: 'sunrise side',
      roles: ['manager'],
      teamId: id,
    });
    expect(member.body.teamId).toBe(id);
    const fetched = await as('admin', 'GET', `/api/teams/${id}`);
    expect(fetched.body).toMatchObject({
      name: 'East Coast',
      supervisorIds: [sam],
      memberIds: [member.body.id],
    });
    const list = await as('admin', 'GET', '/api/teams?limit=200');
    expect(list.body.items.map((team: { name: string }) => team.name)).toEqual(
      expect.arrayContaining(['East Coast', 'North', 'South']),
    );

    const audit = await auditOf('team', id);
    expect(audit.map((entry) => [entry.action, entry.after])).toEqual([
      ['create', expect.objectContaining({ name: 'East' })],
      ['update', { name: 'East Coast' }],
      ['update', { supervisorIds: [sam] }],
    ]);
  });
});
