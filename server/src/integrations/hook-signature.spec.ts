import { createHmac } from 'node:crypto';
import { checkHookSignature, checkHookTimestamp, hookSignature } from './hook-signature';

const body = Buffer.from('{"name":"Ada"}');

describe('hook signatures', () => {
  it('is the HMAC-SHA256 of timestamp "." delivery id "." body, in hex after sha256=', () => {
    const hex = createHmac('sha256', 'secret')
      .update('1700000000.d-1.{"name":"Ada"}')
      .digest('hex');
    expect(hookSignature('secret', '1700000000', 'd-1', body)).toBe(`sha256=${hex}`);
  });

  it('accepts the right signature, in either case of hex', () => {
    const signature = hookSignature('secret', '1700000000', 'd-1', body);
    expect(checkHookSignature('secret', '1700000000', 'd-1', body, signature)).toBeNull();
    expect(
      checkHookSignature('secret', '1700000000', 'd-1', body, signature.toUpperCase()),
    ).toBeNull();
  });

  it.each([
    ['another secret', hookSignature('other', '1700000000', 'd-1', body)],
    ['another timestamp', hookSignature('secret', '1700000001', 'd-1', body)],
    ['another delivery id', hookSignature('secret', '1700000000', 'd-2', body)],
    ['another body', hookSignature('secret', '1700000000', 'd-1', '{"name":"Eve"}')],
    ['no sha256= prefix', hookSignature('secret', '1700000000', 'd-1', body).slice(7)],
    ['a short value', 'sha256=abcd'],
  ])('refuses a signature made with %s', (_, signature) => {
    expect(checkHookSignature('secret', '1700000000', 'd-1', body, signature)?.code).toBe(
      'HOOK_SIGNATURE_INVALID',
    );
  });

  it('refuses timestamps more than five minutes away, and ones that are not unix seconds', () => {
    expect(checkHookTimestamp('1700000000', 1700000000 + 300)).toBeNull();
    expect(checkHookTimestamp('1700000000', 1700000000 - 300)).toBeNull();
    expect(checkHookTimestamp('1700000000', 1700000000 + 301)?.code).toBe('HOOK_TIMESTAMP_STALE');
    expect(checkHookTimestamp('1700000400', 1700000000)?.code).toBe('HOOK_TIMESTAMP_STALE');
    expect(checkHookTimestamp('2023-11-14T22:13:20Z', 1700000000)?.code).toBe(
      'HOOK_TIMESTAMP_INVALID',
    );
  });
});
