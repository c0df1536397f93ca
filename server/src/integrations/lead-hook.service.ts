import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { createActivity } from '../crm/activities/activity-operations';
import { createClients, updateClient } from '../crm/clients/client-operations';
import { Client } from '../crm/clients/client.entity';
import type { SignedDelivery } from './hook-signature.guard';
import { acceptDelivery, defaultOwnerOf, findClientByContact, lockHookKeys } from './hook-writes';
import { LeadHookDto } from './hook.dto';
import { phoneDigits } from './phone';

const DEFAULT_SOURCE = 'web form';
const LEAD_HOOK = { integration: 'lead' } as const;

/**
 * A web-form request: finds the client by email or phone (else creates a lead owned by the
 * integration's default owner), adds contact details it did not have yet, and keeps the
 * request on the card as a note.
 */
@Injectable()
export class LeadHookService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async receive(
    delivery: SignedDelivery,
    lead: LeadHookDto,
  ): Promise<{ clientId: string; created: boolean }> {
    const email = lead.email?.toLowerCase();
    const digits = lead.phone ? phoneDigits(lead.phone) : null;
    const { client, created } = await this.dataSource.transaction(async (manager) => {
      await acceptDelivery(manager, delivery);
      // A form sent twice must not make two leads, nor two requests lose each other's new
      // email or phone: the keys, then the client found, are locked until the commit.
      await lockHookKeys(manager, [
        ...(email ? [`email:${email}`] : []),
        ...(digits ? [`number:${digits}`] : []),
      ]);
      const found = await findClientByContact(manager, { email, phoneDigits: digits }, true);
      const client = found
        ? await addContactDetails(manager, found, email, lead.phone)
        : await newLead(manager, lead, email);
      // Notes are created done, as when a person types one.
      await createActivity(manager, LEAD_HOOK, {
        clientId: client.id,
        kind: 'note',
        subject: `Request via ${lead.source ?? DEFAULT_SOURCE}`,
        body: noteBody(lead),
        assigneeId: client.ownerId,
      });
      return { client, created: !found };
    });
    return { clientId: client.id, created };
  }
}

/** A person with status lead, owned by the integration's default owner. */
async function newLead(
  manager: EntityManager,
  lead: LeadHookDto,
  email: string | undefined,
): Promise<Client> {
  const [client] = await createClients(manager, LEAD_HOOK, [
    {
      kind: 'person',
      name: lead.name,
      emails: email ? [email] : [],
      phones: lead.phone ? [lead.phone] : [],
      source: lead.source ?? DEFAULT_SOURCE,
      ownerId: await defaultOwnerOf(manager, 'lead'),
      ...(await companyOf(manager, lead.company)),
    },
  ]);
  return client;
}

/** The email and phone of the request that the client does not have yet, audited. */
async function addContactDetails(
  manager: EntityManager,
  client: Client,
  email: string | undefined,
  phone: string | undefined,
): Promise<Client> {
  const newEmail = email && !client.emails.some((known) => known.toLowerCase() === email);
  const newPhone =
    phone && !client.phones.some((known) => phoneDigits(known) === phoneDigits(phone));
  if (!newEmail && !newPhone) return client;
  return updateClient(manager, LEAD_HOOK, {
    clientId: client.id,
    changes: {
      emails: newEmail ? [...client.emails, email] : client.emails,
      phones: newPhone ? [...client.phones, phone] : client.phones,
    },
  });
}

/**
 * The company a new lead works for: linked when a company client of that name exists; otherwise
 * kept as text in `custom.company`, so a typo in a form does not create a company.
 */
async function companyOf(
  manager: EntityManager,
  company: string | undefined,
): Promise<Pick<Client, 'companyId' | 'custom'>> {
  if (!company) return { companyId: null, custom: {} };
  // ILIKE without wildcards: equality ignoring case, served by the trigram index on names.
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM clients
      WHERE kind = 'company' AND deleted_at IS NULL AND name ILIKE $1
      ORDER BY created_at, id LIMIT 1`,
    [company.replace(/[\\%_]/g, '\\$&')],
  );
  return rows.length
    ? { companyId: rows[0].id, custom: {} }
    : { companyId: null, custom: { company } };
}

function noteBody(lead: LeadHookDto): string {
  const from = [
    lead.name,
    lead.email && `<${lead.email}>`,
    lead.phone,
    lead.company && `(${lead.company})`,
  ]
    .filter(Boolean)
    .join(' ');
  return [lead.message, `From: ${from}`].filter(Boolean).join('\n\n');
}
