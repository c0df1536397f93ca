import { ConfigError, loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://u:p@localhost/db', TEMPORAL_ADDRESS: 'localhost:7233' };
const strongSecret = 'x'.repeat(32);

describe('loadConfig: the JWT secret', () => {
  it('refuses to start without JWT_SECRET, naming what to set', () => {
    expect(() => loadConfig(base)).toThrow(ConfigError);
    expect(() => loadConfig(base)).toThrow(/JWT_SECRET is not set.*FLOWCARD_DEV_SECRETS=1/);
    expect(() => loadConfig({ ...base, JWT_SECRET: '' })).toThrow(/JWT_SECRET is not set/);
  });

  it('refuses a secret shorter than 32 bytes, even with the development flag', () => {
    expect(() => loadConfig({ ...base, JWT_SECRET: 'x'.repeat(31) })).toThrow(/too short/);
    expect(() =>
      loadConfig({ ...base, JWT_SECRET: 'change-me', FLOWCARD_DEV_SECRETS: '1' }),
    ).toThrow(/too short/);
  });

  it('takes a secret of 32 bytes or more', () => {
    expect(loadConfig({ ...base, JWT_SECRET: strongSecret }).jwtSecret).toBe(strongSecret);
  });

  it('uses the development secret only when FLOWCARD_DEV_SECRETS=1 says so', () => {
    const { jwtSecret } = loadConfig({ ...base, FLOWCARD_DEV_SECRETS: '1' });
    expect(Buffer.byteLength(jwtSecret)).toBeGreaterThanOrEqual(32);
    expect(() => loadConfig({ ...base, FLOWCARD_DEV_SECRETS: 'true' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({ ...base, FLOWCARD_DEV_SECRETS: '1', FLOWCARD_MODE: 'production' }),
    ).toThrow(/production needs a real JWT_SECRET/);
  });
});

describe('loadConfig: the timer maximum', () => {
  const env = { ...base, JWT_SECRET: strongSecret };

  it('is about ten years unless FLOWCARD_MAX_TIMER says otherwise', () => {
    expect(loadConfig(env).maxTimerMs).toBe(3653 * 86_400_000);
    expect(loadConfig({ ...env, FLOWCARD_MAX_TIMER: 'P30D' }).maxTimerMs).toBe(30 * 86_400_000);
  });

  it('refuses what is not a positive duration, naming the variable', () => {
    expect(() => loadConfig({ ...env, FLOWCARD_MAX_TIMER: 'P10Y' })).toThrow(
      /^FLOWCARD_MAX_TIMER: duration "P10Y" uses years or months/,
    );
    expect(() => loadConfig({ ...env, FLOWCARD_MAX_TIMER: 'PT0S' })).toThrow(
      'FLOWCARD_MAX_TIMER must be longer than zero',
    );
  });
});
