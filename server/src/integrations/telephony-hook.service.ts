import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { changedFields } from '../audit/audit';
import { DomainEventBus } from '../common/domain-events';
import { Activity } from '../crm/activities/activity.entity';
import { User } from '../users/user.entity';
import type { SignedDelivery } from './hook-signature.guard';
import { integrationError } from './integrations.errors';
import {
  acceptDelivery,
  createLeadClient,
  defaultOwnerOf,
  findClientByContact,
  lockHookKeys,
  recordIntegrationAudit,
} from './hook-writes';
import { TelephonyHookDto } from './hook.dto';
import { phoneDigits } from './phone';

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEventBus,
  ) {}

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
    const outcome = await this.dataSource.transaction(async (manager) => {
      await acceptDelivery(manager, delivery);
      // One writer per number and per call: the events of a new call, or two calls from an
      // unknown number, arriving together would otherwise create the client or the call twice.
      await lockHookKeys(manager, [`number:${digits}`, `call:${call.callId}`]);
      const agent = call.agentEmail
        ? await manager.findOneBy(User, { email: call.agentEmail.toLowerCase(), active: true })
        : null;
      const existing = await manager.findOneBy(Activity, { externalId });
      let clientCreated = false;
      let activity: Activity;
      if (existing) {
        activity = existing;
      } else {
        let client = await findClientByContact(manager, { phoneDigits: digits });
        if (!client) {
          client = await createLeadClient(manager, 'telephony', {
            name: otherParty,
            emails: [],
            phones: [otherParty],
            source: 'phone call',
            ownerId: agent?.id ?? (await defaultOwnerOf(manager, 'telephony')),
            companyId: null,
            custom: {},
          });
          clientCreated = true;
        }
        activity = manager.create(Activity, {
          clientId: client.id,
          kind: 'call',
          subject:
            call.direction === 'inbound' ? `Call from ${otherParty}` : `Call to ${otherParty}`,
          direction: call.direction,
          dueAt:
            call.event === 'ended' && call.durationSeconds
              ? new Date(at.getTime() - call.durationSeconds * 1000)
              : at,
          externalId,
          assigneeId: agent?.id ?? client.ownerId,
          createdById: null,
          status: 'open',
        });
      }
      const before = { ...activity };
      applyEvent(activity, call, at, agent);
      const saved = await manager.save(activity);
      await auditCall(manager, existing ? before : null, saved);
      return {
        outcome: { activityId: saved.id, clientId: saved.clientId, clientCreated },
        finished: before.status !== 'done' && saved.status === 'done',
      };
    });
    if (outcome.outcome.clientCreated) {
      this.events.publish({
        type: 'client.created',
        clientId: outcome.outcome.clientId,
        actorUserId: null,
      });
    }
    if (outcome.finished) {
      this.events.publish({
        type: 'activity.done',
        activityId: outcome.outcome.activityId,
        clientId: outcome.outcome.clientId,
        actorUserId: null,
      });
    }
    return outcome.outcome;
  }
}

function applyEvent(activity: Activity, call: TelephonyHookDto, at: Date, agent: User | null) {
  if (call.event === 'ended') {
    // A late `ended` (say, with the recording) still fills in what the first one lacked.
    activity.durationSeconds = call.durationSeconds ?? activity.durationSeconds ?? null;
    activity.recordingUrl = call.recordingUrl ?? activity.recordingUrl ?? null;
  }
  if (activity.status !== 'open') return;
  if (agent) activity.assigneeId = agent.id;
  if (call.event === 'answered') activity.result = 'answered';
  if (call.event === 'ended') {
    activity.status = 'done';
    activity.completedAt = at;
    activity.result ??= (call.durationSeconds ?? 0) > 0 ? 'answered' : 'missed';
  }
}

async function auditCall(manager: EntityManager, before: Activity | null, after: Activity) {
  if (!before) {
    await recordIntegrationAudit(manager, 'telephony', [
      { entityType: 'activity', entityId: after.id, action: 'create', after },
    ]);
    return;
  }
  const changes = changedFields(before, after);
  delete changes.after.updatedAt;
  delete changes.before.updatedAt;
  if (Object.keys(changes.after).length === 0) return;
  await recordIntegrationAudit(manager, 'telephony', [
    { entityType: 'activity', entityId: after.id, action: 'update', ...changes },
  ]);
}
