import { DEFAULT_MAX_TIMER_MS } from '#workflows/engine/model';
import { durationToMs } from '#workflows/expressions/duration';

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
  /** The longest timer a diagram may set (`FLOWCARD_MAX_TIMER`, an ISO-8601 duration); fixed per deploy. */
  maxTimerMs: number;
  /**
   * How long `POST /api/messages` keeps a message no instance waits for when the request names
   * no `timeToLive` (FLOWCARD_MESSAGE_TTL: ISO-8601 duration or milliseconds); 0 keeps none.
   */
  messageTimeToLiveMs: number;
  /**
   * Test only (`FLOWCARD_FAULT_TEST_START_DELAY_MS`, 0 = off): how long a start waits between
   * its commit and `workflow.start`, so `npm run test:faults` can kill the API inside that gap.
   */
  faultTestStartDelayMs: number;
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
    maxTimerMs: maxTimerOf(env),
    messageTimeToLiveMs: messageTimeToLiveMs(env),
    faultTestStartDelayMs: Number(env.FLOWCARD_FAULT_TEST_START_DELAY_MS ?? 0),
    ...(env.FLOWCARD_HISTORY_EVENTS_LIMIT
      ? { historyEventsLimit: Number(env.FLOWCARD_HISTORY_EVENTS_LIMIT) }
      : {}),
  };
}

/** FLOWCARD_MAX_TIMER as milliseconds: about ten years (P3653D) unless set. */
function maxTimerOf(env: NodeJS.ProcessEnv): number {
  const written = env.FLOWCARD_MAX_TIMER;
  if (written === undefined || written === '') return DEFAULT_MAX_TIMER_MS;
  try {
    const ms = durationToMs(written);
    if (ms > 0) return ms;
  } catch (error) {
    throw new ConfigError(`FLOWCARD_MAX_TIMER: ${(error as Error).message}`);
  }
  throw new ConfigError('FLOWCARD_MAX_TIMER must be longer than zero');
}

/**
 * How long a message nobody waits for stays buffered by default (FLOWCARD_MESSAGE_TTL); the
 * worker reads it for the messages process instances publish.
 */
export function messageTimeToLiveMs(env: NodeJS.ProcessEnv = process.env): number {
  return timeToLiveMs(env.FLOWCARD_MESSAGE_TTL ?? '0');
}

/**
 * A message's time to live: milliseconds (a number or its digits) or an ISO-8601 duration
 * (`PT10M`, `P1D`). Throws an Error saying why on anything else.
 */
export function timeToLiveMs(value: string | number): number {
  if (typeof value === 'number' || /^\d+$/.test(value.trim())) {
    const ms = Number(value);
    if (Number.isSafeInteger(ms) && ms >= 0) return ms;
    throw new Error(`a time to live in milliseconds is a whole number of at least 0, got ${value}`);
  }
  return durationToMs(value);
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
