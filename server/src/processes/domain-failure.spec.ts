import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { CLIENT_ERRORS } from '../crm/clients/clients.errors';
import { DomainException } from '../common/errors/domain-exception';
import { toTemporalFailure } from './domain-failure';

describe('toTemporalFailure', () => {
  it('turns a domain refusal into a failure that is not retried, typed by its code', () => {
    const refusal = new DomainException(CLIENT_ERRORS.UNKNOWN_STATUS, 'There is no status "x"', [
      { key: 'x' },
    ]);
    const failure = toTemporalFailure(refusal);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'UNKNOWN_STATUS',
      message: 'There is no status "x"',
      nonRetryable: true,
      details: [{ key: 'x' }],
      cause: refusal,
    });
  });

  it('leaves any other error to be retried', () => {
    const lost = new Error('Connection terminated unexpectedly');
    expect(toTemporalFailure(lost)).toBe(lost);
  });
});

describe('toTemporalFailure with database errors', () => {
  const refused = (code: string) =>
    new QueryFailedError('INSERT ...', [], Object.assign(new Error(`refused ${code}`), { code }));

  it.each(['22P05', '22021', '22003', '23503', '23514'])(
    'does not retry SQLSTATE %s, which depends on the data alone',
    (code) => {
      expect(toTemporalFailure(refused(code))).toMatchObject({
        type: 'DATABASE_REFUSED',
        nonRetryable: true,
        details: [{ sqlState: code }],
      });
    },
  );

  it.each(['40001', '40P01', '55P03', '57014', '08006'])('retries SQLSTATE %s', (code) => {
    const error = refused(code);
    expect(toTemporalFailure(error)).toBe(error);
  });
});
