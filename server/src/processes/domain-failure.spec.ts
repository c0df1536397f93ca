import { ApplicationFailure } from '@temporalio/common';
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
