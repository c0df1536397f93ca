import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import type { ClientSort } from '#server/crm/clients/client.dto';
import { notFound } from '../common/errors/common.errors';
import { transactionOr409 } from '../common/persistence';
import type { CreateSavedViewDto, SavedViewScreen, UpdateSavedViewDto } from './saved-view.dto';
import { SavedView } from './saved-view.entity';
import type { SavedViewResponse } from './saved-view.response';
import { savedViewError } from './saved-views.errors';

/**
 * Saved views are private: every query is bounded by the caller as owner, so another user's view
 * answers 404 like one that does not exist.
 */
@Injectable()
export class SavedViewsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(screen: SavedViewScreen, caller: AuthUser): Promise<{ items: SavedViewResponse[] }> {
    const views = await this.dataSource.manager
      .createQueryBuilder(SavedView, 'view')
      .where('view.owner_id = :owner AND view.screen = :screen', { owner: caller.id, screen })
      .orderBy('lower(view.name)')
      .addOrderBy('view.id')
      .getMany();
    return { items: views.map(response) };
  }

  async get(id: string, caller: AuthUser): Promise<SavedViewResponse> {
    return response(await own(this.dataSource.manager, id, caller));
  }

  create(dto: CreateSavedViewDto, caller: AuthUser): Promise<SavedViewResponse> {
    return this.writing(async (manager) =>
      response(await manager.save(manager.create(SavedView, { ...dto, ownerId: caller.id }))),
    );
  }

  update(id: string, dto: UpdateSavedViewDto, caller: AuthUser): Promise<SavedViewResponse> {
    return this.writing(async (manager) => {
      const view = await own(manager, id, caller, true);
      return response(await manager.save(manager.merge(SavedView, view, dto)));
    });
  }

  async remove(id: string, caller: AuthUser): Promise<void> {
    const { affected } = await this.dataSource.manager.delete(SavedView, {
      id,
      ownerId: caller.id,
    });
    if (!affected) throw notFound('Saved view', id);
  }

  private writing<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return transactionOr409(
      this.dataSource,
      () => savedViewError('SAVED_VIEW_NAME_TAKEN', 'You already have a view with this name'),
      work,
    );
  }
}

async function own(
  manager: EntityManager,
  id: string,
  caller: AuthUser,
  lock = false,
): Promise<SavedView> {
  const view = await manager.findOne(SavedView, {
    where: { id, ownerId: caller.id },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!view) throw notFound('Saved view', id);
  return view;
}

function response(view: SavedView): SavedViewResponse {
  return {
    id: view.id,
    screen: view.screen,
    name: view.name,
    filters: view.filters,
    sort: view.sort as ClientSort,
    order: view.order,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}
