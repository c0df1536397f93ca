/** Every setting Flowcard reads from the environment, in one place. */
export interface FlowcardConfig {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  jwtSecret: string;
  jwtExpiresIn: string;
  port: number;
  /** How long an API request waits for Temporal (start, update) before answering 503. */
  engineCallTimeoutMs: number;
  /**
   * History events after which an instance's workflow continues as new; unset leaves the
   * workflow's default. Tests set it low to see continue-as-new in a short run.
   */
  historyEventsLimit?: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): FlowcardConfig {
  const databaseUrl = env.DATABASE_URL;
  const temporalAddress = env.TEMPORAL_ADDRESS;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  if (!temporalAddress) throw new Error('TEMPORAL_ADDRESS is not set');
  const jwtSecret = jwtSecretOf(env);
  if (env.FLOWCARD_MODE === 'production') refusePlaceholderSecrets(jwtSecret, databaseUrl);
  return {
    databaseUrl,
    temporalAddress,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'flowcard',
    jwtSecret,
    jwtExpiresIn: env.JWT_EXPIRES_IN ?? '12h',
    port: Number(env.PORT ?? 3000),
    engineCallTimeoutMs: Number(env.TEMPORAL_CALL_TIMEOUT_MS ?? 10_000),
    ...(env.FLOWCARD_HISTORY_EVENTS_LIMIT
      ? { historyEventsLimit: Number(env.FLOWCARD_HISTORY_EVENTS_LIMIT) }
      : {}),
  };
}

/** Anyone who knows the secret signs tokens for any user: it must be long enough not to guess. */
export const JWT_SECRET_MIN_BYTES = 32;
const DEVELOPMENT_JWT_SECRET = 'flowcard-development-secret-not-for-any-real-use';
/** What docker/compose.yml falls back to so that `config` validates; never fit to run. */
const PLACEHOLDER_SECRET = 'change-me';

/** Raised when the environment cannot run Flowcard safely; its message says what to set. */
export class ConfigError extends Error {}

/**
 * JWT_SECRET of at least 32 bytes, or the development secret when FLOWCARD_DEV_SECRETS=1 says
 * so explicitly (`npm test` and `npm run bench` do): a known secret must never be a silent default.
 */
function jwtSecretOf(env: NodeJS.ProcessEnv): string {
  const secret = env.JWT_SECRET;
  if (secret === undefined || secret === '') {
    if (env.FLOWCARD_DEV_SECRETS === '1') return DEVELOPMENT_JWT_SECRET;
    throw new ConfigError(
      `JWT_SECRET is not set. Set it to at least ${JWT_SECRET_MIN_BYTES} random bytes ` +
        `(for example: JWT_SECRET=$(openssl rand -base64 48)), or set FLOWCARD_DEV_SECRETS=1 ` +
        'to use a well-known development secret on a machine nobody else can reach.',
    );
  }
  if (Buffer.byteLength(secret, 'utf8') < JWT_SECRET_MIN_BYTES) {
    throw new ConfigError(
      `JWT_SECRET is too short: it needs at least ${JWT_SECRET_MIN_BYTES} bytes ` +
        '(for example: JWT_SECRET=$(openssl rand -base64 48)).',
    );
  }
  return secret;
}

function refusePlaceholderSecrets(jwtSecret: string, databaseUrl: string) {
  if (jwtSecret === DEVELOPMENT_JWT_SECRET) {
    throw new ConfigError('FLOWCARD_MODE=production needs a real JWT_SECRET');
  }
  if (decodeURIComponent(new URL(databaseUrl).password) === PLACEHOLDER_SECRET) {
    throw new ConfigError(
      'FLOWCARD_MODE=production needs a real database password (POSTGRES_PASSWORD)',
    );
  }
}

export const FLOWCARD_CONFIG = Symbol('FLOWCARD_CONFIG');
