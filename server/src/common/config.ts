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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): FlowcardConfig {
  const databaseUrl = env.DATABASE_URL;
  const temporalAddress = env.TEMPORAL_ADDRESS;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  if (!temporalAddress) throw new Error('TEMPORAL_ADDRESS is not set');
  const jwtSecret = env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
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
  };
}

const DEVELOPMENT_JWT_SECRET = 'flowcard-development-secret';
/** What docker/compose.yml falls back to so that `config` validates; never fit to run. */
const PLACEHOLDER_SECRET = 'change-me';

function refusePlaceholderSecrets(jwtSecret: string, databaseUrl: string) {
  if (jwtSecret === DEVELOPMENT_JWT_SECRET || jwtSecret === PLACEHOLDER_SECRET) {
    throw new Error('FLOWCARD_MODE=production needs a real JWT_SECRET');
  }
  if (decodeURIComponent(new URL(databaseUrl).password) === PLACEHOLDER_SECRET) {
    throw new Error('FLOWCARD_MODE=production needs a real database password (POSTGRES_PASSWORD)');
  }
}

export const FLOWCARD_CONFIG = Symbol('FLOWCARD_CONFIG');
