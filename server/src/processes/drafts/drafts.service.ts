import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthUser } from '#server/auth/auth-user';
import { Page, paginate } from '#server/common/pagination';
import { findOr404 } from '#server/common/persistence';
import { User } from '#server/users/user.entity';
import { CreateDraftDto, ListDraftsQuery, UpdateDraftDto } from './draft.dto';
import { draftError } from './drafts.errors';
import { ProcessDraft } from './process-draft.entity';

export type DraftSummary = Omit<ProcessDraft, 'bpmnXml'> & { updatedByName: string | null };
export type DraftView = ProcessDraft & { updatedByName: string | null };

const BPMN_MODEL_NAMESPACE = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/**
 * Drafts are shared by everyone who models (analysts and admins; the controller checks the
 * roles): a process is often drawn by one analyst and finished by another, so any of them may
 * open, save over or delete any draft. Who saved a draft last is kept with it.
 */
@Injectable()
export class DraftsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListDraftsQuery): Promise<Page<DraftSummary>> {
    const manager = this.dataSource.manager;
    const rows = manager
      .createQueryBuilder(ProcessDraft, 'draft')
      .select([
        'draft.id',
        'draft.name',
        'draft.processKey',
        'draft.createdById',
        'draft.createdAt',
        'draft.updatedById',
        'draft.updatedAt',
      ]);
    if (query.processKey) rows.andWhere('draft.process_key = :key', { key: query.processKey });
    // Most recently saved first unless asked otherwise: the draft one was just working on.
    const page = await paginate(
      rows,
      { ...query, order: query.order ?? 'desc' },
      {
        sortColumn: 'draft.updated_at',
        idColumn: 'draft.id',
        sortKey: (draft) => draft.updatedAt,
      },
    );
    return { items: await withSavers(manager, page.items), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<DraftView> {
    const manager = this.dataSource.manager;
    const draft = await findOr404(manager, ProcessDraft, 'Process draft', id);
    return (await withSavers(manager, [draft]))[0];
  }

  async create(dto: CreateDraftDto, caller: AuthUser): Promise<DraftView> {
    assertBpmn(dto.bpmnXml);
    const manager = this.dataSource.manager;
    const draft = await manager.save(
      manager.create(ProcessDraft, {
        name: dto.name,
        processKey: dto.processKey ?? null,
        bpmnXml: dto.bpmnXml,
        createdById: caller.id,
        updatedById: caller.id,
      }),
    );
    return (await withSavers(manager, [draft]))[0];
  }

  async update(id: string, dto: UpdateDraftDto, caller: AuthUser): Promise<DraftView> {
    if (dto.bpmnXml !== undefined) assertBpmn(dto.bpmnXml);
    return this.dataSource.transaction(async (manager) => {
      const draft = await findOr404(
        manager,
        ProcessDraft,
        'Process draft',
        id,
        'pessimistic_write',
      );
      if (dto.name !== undefined) draft.name = dto.name;
      if (dto.processKey !== undefined) draft.processKey = dto.processKey;
      if (dto.bpmnXml !== undefined) draft.bpmnXml = dto.bpmnXml;
      draft.updatedById = caller.id;
      // Saved even when nothing changed: saving says who looked at it last, and when.
      draft.updatedAt = new Date();
      const saved = await manager.save(draft);
      return (await withSavers(manager, [saved]))[0];
    });
  }

  async remove(id: string): Promise<void> {
    const deleted = await this.dataSource.manager.delete(ProcessDraft, { id });
    if (!deleted.affected)
      await findOr404(this.dataSource.manager, ProcessDraft, 'Process draft', id);
  }
}

/** A cheap check that catches a wrong file or field, not a validation of the diagram. */
function assertBpmn(xml: string): void {
  if (!/<([\w-]+:)?definitions[\s>]/.test(xml) || !xml.includes(BPMN_MODEL_NAMESPACE)) {
    throw draftError(
      'DRAFT_NOT_BPMN',
      `bpmnXml must be a BPMN 2.0 document: a definitions element in the ${BPMN_MODEL_NAMESPACE} namespace`,
    );
  }
}

async function withSavers<T extends Omit<ProcessDraft, 'bpmnXml'>>(
  manager: EntityManager,
  drafts: T[],
): Promise<(T & { updatedByName: string | null })[]> {
  const ids = [
    ...new Set(drafts.flatMap((draft) => (draft.updatedById ? [draft.updatedById] : []))),
  ];
  const users = ids.length
    ? await manager.find(User, { where: { id: In(ids) }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((user) => [user.id, user.name]));
  return drafts.map((draft) => ({
    ...draft,
    updatedByName: draft.updatedById ? (names.get(draft.updatedById) ?? null) : null,
  }));
}
