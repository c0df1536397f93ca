import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  function tokensAt(clock: { now: number }, payloads: Record<string, object>) {
    const verified: string[] = [];
    const tokens = new VerifiedTokens(
      async (token) => {
        verified.push(token);
        const payload = payloads[token];
        if (!payload) throw new Error('invalid signature');
        return payload as { sub: string };
      },
      () => clock.now,
    );
    return { tokens, verified };
  }

  it('verifies a token once and trusts the same token until its exp', async () => {
    const clock = { now: 1000 };
    const { tokens, verified } = tokensAt(clock, { a: { sub: 'user-a', exp: 1010 } });
    expect(await tokens.subject('a')).toBe('user-a');
    clock.now = 1009;
    expect(await tokens.subject('a')).toBe('user-a');
    expect(verified).toEqual(['a']);
  });

  it('verifies again once the token has expired, and rejects as the verifier does', async () => {
    const clock = { now: 1000 };
    const payloads: Record<string, object> = { a: { sub: 'user-a', exp: 1010 } };
    const { tokens, verified } = tokensAt(clock, payloads);
    await tokens.subject('a');
    clock.now = 1010;
    delete payloads.a;
    await expect(tokens.subject('a')).rejects.toThrow('invalid signature');
    expect(verified).toEqual(['a', 'a']);
  });

  it('never trusts a token that failed, nor one with no exp or with an nbf', async () => {
    const { tokens, verified } = tokensAt(
      { now: 1000 },
      { forever: { sub: 'u' }, later: { sub: 'u', exp: 2000, nbf: 1500 } },
    );
    await expect(tokens.subject('forged')).rejects.toThrow();
    await expect(tokens.subject('forged')).rejects.toThrow();
    await tokens.subject('forever');
    await tokens.subject('forever');
    await tokens.subject('later');
    await tokens.subject('later');
    expect(verified).toEqual(['forged', 'forged', 'forever', 'forever', 'later', 'later']);
  });

  it('trusts only the exact token that was verified', async () => {
    const { tokens, verified } = tokensAt({ now: 1000 }, { a: { sub: 'user-a', exp: 1010 } });
    await tokens.subject('a');
    await expect(tokens.subject('a ')).rejects.toThrow();
    expect(verified).toEqual(['a', 'a ']);
  });
});
