import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { recordUserAudit } from '#server/audit/audit';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { notFound } from '#server/common/errors/common.errors';
import { Page, PageQuery, paginate } from '#server/common/pagination';
import { events } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
import { User } from '#server/users/user.entity';
import { ProcessInstance } from '../instances/process-instance.entity';
import { AddInstanceCommentDto } from './instance-comment.dto';
import { InstanceComment } from './instance-comment.entity';

export interface InstanceCommentView {
  id: string;
  instanceId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date;
}

/**
 * Comments on an instance card: whoever may read the instance reads them; the controller narrows
 * who may write. Ended instances take comments too (a post-mortem note is still useful).
 */
@Injectable()
export class InstanceCommentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  /** Oldest first unless `order=desc`, like the card's history. */
  async list(
    instanceId: string,
    query: PageQuery,
    caller: AuthUser,
  ): Promise<Page<InstanceCommentView>> {
    const manager = this.dataSource.manager;
    await this.readableInstance(manager, instanceId, caller);
    const page = await paginate(
      manager
        .createQueryBuilder(InstanceComment, 'comment')
        .where('comment.instance_id = :instanceId', { instanceId }),
      query,
      {
        sortColumn: 'comment.created_at',
        idColumn: 'comment.id',
        sortKey: (comment) => comment.createdAt,
      },
    );
    return { ...page, items: await withAuthorNames(manager, page.items) };
  }

  add(
    instanceId: string,
    dto: AddInstanceCommentDto,
    caller: AuthUser,
  ): Promise<InstanceCommentView> {
    return this.dataSource.transaction(async (manager) => {
      const instance = await this.readableInstance(manager, instanceId, caller);
      const comment = await manager.save(
        manager.create(InstanceComment, { instanceId, authorId: caller.id, body: dto.body }),
      );
      const [view] = await withAuthorNames(manager, [comment]);
      await recordUserAudit(manager, caller, [
        { entityType: 'instance_comment', entityId: comment.id, action: 'create', after: comment },
      ]);
      await appendEvents(manager, [
        {
          ...events.instanceCommentAdded({
            commentId: comment.id,
            authorId: caller.id,
            authorName: view.authorName,
            body: comment.body,
          }),
          actor: { userId: caller.id },
          instanceId,
          clientId: instance.clientId,
        },
      ]);
      return view;
    });
  }

  private async readableInstance(manager: EntityManager, id: string, caller: AuthUser) {
    const instance = await manager.findOneBy(ProcessInstance, { id });
    if (!instance) throw notFound('Process instance', id);
    await this.access.assertMayReadInstance(caller, instance, manager);
    return instance;
  }
}

async function withAuthorNames(
  manager: EntityManager,
  comments: InstanceComment[],
): Promise<InstanceCommentView[]> {
  const authorIds = [...new Set(comments.map((comment) => comment.authorId))];
  const authors =
    authorIds.length === 0
      ? []
      : await manager.find(User, {
          where: { id: In(authorIds) },
          select: { id: true, name: true },
        });
  const names = new Map(authors.map((author) => [author.id, author.name]));
  return comments.map((comment) => ({ ...comment, authorName: names.get(comment.authorId) ?? '' }));
}
