import { QueryFailedError } from 'typeorm';
import { toErrorBody } from '../common/error.filter';
import { databaseBusy, isPermanentDatabaseRefusal, readAfterCommit } from './database.errors';

const failed = (code: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error(`failed ${code}`), { code }));
const poolTimeout = () => new Error('timeout exceeded when trying to connect');

describe('databaseBusy', () => {
  it.each(['57014', '55P03', '40001', '40P01', '53300', '25P03'])(
    'answers 503 DATABASE_BUSY to SQLSTATE %s',
    (code) => {
      expect(toErrorBody(failed(code))).toMatchObject({
        statusCode: 503,
        code: 'DATABASE_BUSY',
        details: [{ sqlState: code }],
      });
    },
  );

  it('answers 503 DATABASE_BUSY when no pool connection came free in time', () => {
    expect(toErrorBody(poolTimeout())).toMatchObject({ statusCode: 503, code: 'DATABASE_BUSY' });
  });

  it.each(['08006', '57P01', '57P02', '57P03'])(
    'answers 503 DATABASE_BUSY to SQLSTATE %s (the database restarts or crashed)',
    (code) => {
      expect(toErrorBody(failed(code))).toMatchObject({ statusCode: 503, code: 'DATABASE_BUSY' });
    },
  );

  it('answers 503 DATABASE_BUSY while the database cannot be reached', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const lost = new QueryFailedError(
      'SELECT 1',
      [],
      new Error('Connection terminated unexpectedly'),
    );
    const startingUp = Object.assign(new Error('the database system is starting up'), {
      code: '57P03',
    });
    expect(toErrorBody(refused)).toMatchObject({ statusCode: 503, code: 'DATABASE_BUSY' });
    expect(toErrorBody(startingUp)).toMatchObject({ statusCode: 503, code: 'DATABASE_BUSY' });
    expect(toErrorBody(lost)).toMatchObject({ statusCode: 503, code: 'DATABASE_BUSY' });
  });

  it('does not answer 503 when the connection was lost during COMMIT: it may have committed', () => {
    const lost = new QueryFailedError(
      'COMMIT',
      [],
      new Error('Connection terminated unexpectedly'),
    );
    expect(databaseBusy(lost)).toBeNull();
    expect(
      databaseBusy(
        new QueryFailedError('COMMIT', [], Object.assign(new Error('x'), { code: '57P02' })),
      ),
    ).toBeNull();
  });

  it('leaves other failures alone', () => {
    expect(databaseBusy(failed('22P05'))).toBeNull();
    expect(databaseBusy(new Error('boom'))).toBeNull();
    expect(toErrorBody(failed('42P01'))).toMatchObject({ statusCode: 500 });
  });
});

it('isPermanentDatabaseRefusal: data exceptions and constraint violations only', () => {
  expect(
    ['22P05', '22021', '22003', '23505', '23503'].map(failed).map(isPermanentDatabaseRefusal),
  ).toEqual([true, true, true, true, true]);
  expect([failed('40001'), failed('57014'), poolTimeout()].map(isPermanentDatabaseRefusal)).toEqual(
    [false, false, false],
  );
});

it('isPermanentDatabaseRefusal: a unique violation on an effect key is a concurrent attempt, not permanent', () => {
  const conflict = (constraint: string) =>
    new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('duplicate key'), { code: '23505', constraint }),
    );
  expect(isPermanentDatabaseRefusal(conflict('activities_idempotency_key_key'))).toBe(false);
  expect(isPermanentDatabaseRefusal(conflict('user_tasks_wait_key_key'))).toBe(false);
  expect(isPermanentDatabaseRefusal(conflict('clients_email_key'))).toBe(true);
});

describe('readAfterCommit', () => {
  it('tries a read again while the database is busy', async () => {
    const read = jest
      .fn()
      .mockRejectedValueOnce(poolTimeout())
      .mockRejectedValueOnce(failed('55P03'))
      .mockResolvedValue('card');
    await expect(readAfterCommit(read)).resolves.toBe('card');
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('gives up when its budget is spent, and at once on any other error', async () => {
    let clock = 0;
    const busy = jest.fn().mockImplementation(async () => {
      clock += 1000;
      throw poolTimeout();
    });
    await expect(readAfterCommit(busy, 3000, () => clock)).rejects.toThrow('timeout exceeded');
    expect(busy).toHaveBeenCalledTimes(3);
    const broken = jest.fn().mockRejectedValue(new Error('boom'));
    await expect(readAfterCommit(broken)).rejects.toThrow('boom');
    expect(broken).toHaveBeenCalledTimes(1);
  });
});
