import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  completeActivity,
  createActivity,
  updateActivity,
} from '../crm/activities/activity-operations';
import { Activity } from '../crm/activities/activity.entity';
import { createClients } from '../crm/clients/client-operations';
import { User } from '../users/user.entity';
import type { SignedDelivery } from './hook-signature.guard';
import { integrationError } from './integrations.errors';
import { acceptDelivery, defaultOwnerOf, findClientByContact, lockHookKeys } from './hook-writes';
import { TelephonyHookDto } from './hook.dto';
import { phoneDigits } from './phone';

const TELEPHONY_HOOK = { integration: 'telephony' } as const;

export interface TelephonyOutcome {
  activityId: string;
  clientId: string;
  clientCreated: boolean;
}

/**
 * Keeps one call activity per call id (`external_id = telephony:<callId>`): ringing creates it
 * planned, answered marks it answered, ended marks it done with duration and recording. Events
 * may arrive out of order; a finished call is never reopened. The client is found by the other
 * party's number; an unknown number becomes a lead named after it.
 */
@Injectable()
export class TelephonyHookService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async receive(delivery: SignedDelivery, call: TelephonyHookDto): Promise<TelephonyOutcome> {
    const otherParty = call.direction === 'inbound' ? call.from : call.to;
    const digits = phoneDigits(otherParty);
    if (!digits) {
      throw integrationError(
        'INVALID_PHONE',
        `The ${call.direction === 'inbound' ? 'from' : 'to'} number has no digits`,
      );
    }
    const at = new Date(call.at);
    const externalId = `telephony:${call.callId}`;
    return this.dataSource.transaction(async (manager) => {
      await acceptDelivery(manager, delivery);
      // One writer per number and per call: the events of a new call, or two calls from an
      // unknown number, arriving together would otherwise create the client or the call twice.
      await lockHookKeys(manager, [`number:${digits}`, `call:${call.callId}`]);
      const agent = call.agentEmail
        ? await manager.findOneBy(User, { email: call.agentEmail.toLowerCase(), active: true })
        : null;
      const existing = await manager.findOneBy(Activity, { externalId });
      if (existing) {
        await updateCall(manager, existing, call, at, agent);
        return { activityId: existing.id, clientId: existing.clientId, clientCreated: false };
      }
      let client = await findClientByContact(manager, { phoneDigits: digits });
      const clientCreated = !client;
      if (!client) {
        [client] = await createClients(manager, TELEPHONY_HOOK, [
          {
            kind: 'person',
            name: otherParty,
            phones: [otherParty],
            source: 'phone call',
            ownerId: agent?.id ?? (await defaultOwnerOf(manager, 'telephony')),
          },
        ]);
      }
      const ended = call.event === 'ended';
      const { activity } = await createActivity(manager, TELEPHONY_HOOK, {
        clientId: client.id,
        kind: 'call',
        subject: call.direction === 'inbound' ? `Call from ${otherParty}` : `Call to ${otherParty}`,
        direction: call.direction,
        dueAt:
          ended && call.durationSeconds ? new Date(at.getTime() - call.durationSeconds * 1000) : at,
        externalId,
        assigneeId: agent?.id ?? client.ownerId,
        result: ended ? endResult(call) : call.event === 'answered' ? 'answered' : null,
        ...(ended
          ? {
              status: 'done' as const,
              completedAt: at,
              durationSeconds: call.durationSeconds ?? null,
              recordingUrl: call.recordingUrl ?? null,
            }
          : {}),
      });
      return { activityId: activity.id, clientId: client.id, clientCreated };
    });
  }
}

/**
 * A later event of a known call: `ended` completes an open call; a late `ended` (say, with the
 * recording) still fills in what the first one lacked; a finished call is never reopened.
 */
async function updateCall(
  manager: EntityManager,
  activity: Activity,
  call: TelephonyHookDto,
  at: Date,
  agent: User | null,
): Promise<void> {
  const filled =
    call.event === 'ended'
      ? {
          durationSeconds: call.durationSeconds ?? activity.durationSeconds ?? null,
          recordingUrl: call.recordingUrl ?? activity.recordingUrl ?? null,
        }
      : {};
  if (activity.status !== 'open') {
    await updateActivity(manager, TELEPHONY_HOOK, { activityId: activity.id, changes: filled });
    return;
  }
  const assigneeId = agent?.id ?? activity.assigneeId;
  if (call.event === 'ended') {
    await completeActivity(manager, TELEPHONY_HOOK, {
      activityId: activity.id,
      completedAt: at,
      result: activity.result ?? endResult(call),
      assigneeId,
      ...filled,
    });
    return;
  }
  await updateActivity(manager, TELEPHONY_HOOK, {
    activityId: activity.id,
    changes: { assigneeId, result: call.event === 'answered' ? 'answered' : activity.result },
  });
}

/** How an ended call went, when nothing said so before. */
function endResult(call: TelephonyHookDto): string {
  return (call.durationSeconds ?? 0) > 0 ? 'answered' : 'missed';
}
