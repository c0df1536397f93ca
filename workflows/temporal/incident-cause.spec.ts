import {
  ActivityFailure,
  ApplicationFailure,
  RetryState,
  TimeoutFailure,
  TimeoutType,
} from '@temporalio/common';
import { EFFECT_ATTEMPTS } from './contract';
import { causeOf } from './incident-cause';

describe('causeOf', () => {
  it('names the code, element and attempt of a failure the worker does not retry', () => {
    const failure = ApplicationFailure.create({
      message: 'There is no client status "vip"',
      type: 'UNKNOWN_STATUS',
      nonRetryable: true,
      details: [{ elementId: 'Step_Status', attempt: 3 }, { key: 'vip' }],
    });
    expect(causeOf(failure)).toEqual({
      elementId: 'Step_Status',
      code: 'UNKNOWN_STATUS',
      message: 'There is no client status "vip"',
      attempts: 3,
    });
  });

  it('reads the failure inside an ActivityFailure', () => {
    const cause = ApplicationFailure.create({
      message: 'refused',
      type: 'DATABASE_REFUSED',
      nonRetryable: true,
      details: [{ elementId: 'Call', attempt: 1 }],
    });
    const wrapped = new ActivityFailure(
      'Activity task failed',
      'writeEffects',
      '1',
      RetryState.NON_RETRYABLE_FAILURE,
      undefined,
      cause,
    );
    expect(causeOf(wrapped)).toMatchObject({ code: 'DATABASE_REFUSED', elementId: 'Call' });
  });

  it('reports transient errors that outlast the retry policy as RETRIES_EXHAUSTED', () => {
    const lost = ApplicationFailure.create({
      message: 'Connection terminated unexpectedly',
      type: 'Error',
      nonRetryable: false,
      details: [{ elementId: 'Call', attempt: EFFECT_ATTEMPTS }],
    });
    expect(causeOf(lost)).toEqual({
      elementId: 'Call',
      code: 'RETRIES_EXHAUSTED',
      message: 'Connection terminated unexpectedly',
      attempts: EFFECT_ATTEMPTS,
    });
    const timedOut = new TimeoutFailure(
      'activity StartToClose timeout',
      undefined,
      TimeoutType.START_TO_CLOSE,
    );
    expect(causeOf(timedOut)).toEqual({
      elementId: null,
      code: 'RETRIES_EXHAUSTED',
      message: 'activity StartToClose timeout',
      attempts: EFFECT_ATTEMPTS,
    });
  });
});
