import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { PageQuery } from '#server/common/pagination';
import { AddInstanceCommentDto } from './instance-comment.dto';
import { InstanceCommentPage, InstanceCommentResponse } from './instance-comment.response';
import { InstanceCommentsService } from './instance-comments.service';

@ApiTags('process instances')
@ApiAuthenticated()
@Controller('process-instances/:id/comments')
export class InstanceCommentsController {
  constructor(private readonly comments: InstanceCommentsService) {}

  @Get()
  @ApiOperation({
    summary: "The instance's comments, oldest first (order=desc for newest first)",
    description: 'Readable by whoever may read the instance card.',
  })
  @ApiOkResponse({ type: InstanceCommentPage })
  @ApiErrors(400, 404)
  list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<InstanceCommentPage> {
    return this.comments.list(id, query, caller);
  }

  // People who work or steer the instance comment on it; analysts, who read everything but
  // change nothing, do not.
  @Post()
  @Roles('manager', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Comment on the instance',
    description:
      'Managers, supervisors and admins who may read the instance; also on ended instances. ' +
      'Its live room hears `instance.comment_added`.',
  })
  @ApiCreatedResponse({ type: InstanceCommentResponse })
  @ApiErrors(400, 403, 404)
  add(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddInstanceCommentDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<InstanceCommentResponse> {
    return this.comments.add(id, body, caller);
  }
}
