import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Integration, IntegrationKey, INTEGRATION_KEYS } from './integration.entity';

/** Where an operator can give an integration's secret; otherwise a random one is made. */
export const INTEGRATION_SECRET_ENV: Record<IntegrationKey, string> = {
  lead: 'FLOWCARD_LEAD_HOOK_SECRET',
  telephony: 'FLOWCARD_TELEPHONY_HOOK_SECRET',
};

export function randomIntegrationSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Creates the `lead` and `telephony` integrations once; existing ones (and their possibly
 * rotated secrets) are left alone. An admin reads a random secret by rotating it.
 */
export async function seedIntegrations(
  manager: EntityManager,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(Integration)
    .values(
      INTEGRATION_KEYS.map((key) => ({
        key,
        secret: env[INTEGRATION_SECRET_ENV[key]] || randomIntegrationSecret(),
      })),
    )
    .orIgnore()
    .execute();
}
