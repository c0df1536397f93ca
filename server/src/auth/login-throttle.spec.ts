import { toErrorBody } from '../common/error.filter';
import { DomainException } from '../common/errors/domain-exception';
import { LoginThrottle } from './login-throttle';

const limits = { failuresPerAccount: 3, failuresPerAddress: 5, windowMs: 60_000 };

function refusal(attempt: () => void): DomainException | null {
  try {
    attempt();
    return null;
  } catch (error) {
    return error as DomainException;
  }
}

describe('LoginThrottle', () => {
  let now: number;
  let throttle: LoginThrottle;
  beforeEach(() => {
    now = 1_000_000;
    throttle = new LoginThrottle(limits, () => now);
  });

  it('refuses an account after its failures, until the oldest leaves the window', () => {
    for (let failure = 0; failure < 3; failure += 1) {
      expect(refusal(() => throttle.assertMayTry('Ann@x.example', '10.0.0.1'))).toBeNull();
      throttle.recordFailure('Ann@x.example', '10.0.0.1');
      now += 10_000;
    }
    const refused = refusal(() => throttle.assertMayTry('ann@x.example', '10.0.0.2'));
    expect(toErrorBody(refused)).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
    // The first failure was 30 s ago: it leaves the 60 s window in 30 s.
    expect(refused?.retryAfterSeconds).toBe(30);
    expect(refusal(() => throttle.assertMayTry('bob@x.example', '10.0.0.1'))).toBeNull();
    now += 30_001;
    expect(refusal(() => throttle.assertMayTry('ann@x.example', '10.0.0.1'))).toBeNull();
  });

  it('refuses an address after its failures, whatever the account', () => {
    for (let failure = 0; failure < 5; failure += 1) {
      throttle.recordFailure(`user${failure}@x.example`, '10.0.0.9');
    }
    expect(refusal(() => throttle.assertMayTry('new@x.example', '10.0.0.9'))?.code).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    expect(refusal(() => throttle.assertMayTry('new@x.example', '10.0.0.8'))).toBeNull();
  });

  it("forgets an account's failures after a successful sign-in", () => {
    throttle.recordFailure('ann@x.example', '10.0.0.1');
    throttle.recordFailure('ann@x.example', '10.0.0.1');
    throttle.recordSuccess('ann@x.example');
    throttle.recordFailure('ann@x.example', '10.0.0.1');
    throttle.recordFailure('ann@x.example', '10.0.0.1');
    expect(refusal(() => throttle.assertMayTry('ann@x.example', '10.0.0.1'))).toBeNull();
  });
});
