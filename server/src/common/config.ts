/** Every setting Flowcard reads from the environment, in one place. */
export interface FlowcardConfig {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  jwtSecret: string;
  jwtExpiresIn: string;
  port: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): FlowcardConfig {
  const databaseUrl = env.DATABASE_URL;
  const temporalAddress = env.TEMPORAL_ADDRESS;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  if (!temporalAddress) throw new Error('TEMPORAL_ADDRESS is not set');
  return {
    databaseUrl,
    temporalAddress,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'flowcard',
    jwtSecret: env.JWT_SECRET ?? 'flowcard-development-secret',
    jwtExpiresIn: env.JWT_EXPIRES_IN ?? '12h',
    port: Number(env.PORT ?? 3000),
  };
}

export const FLOWCARD_CONFIG = Symbol('FLOWCARD_CONFIG');
