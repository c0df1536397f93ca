import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { ApiAuthenticated, ApiErrors } from '../common/api-responses';
import { ListAuditQuery } from './audit.dto';
import { AuditEntryPage } from './audit.response';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiAuthenticated()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin', 'supervisor')
  @ApiOkResponse({ type: AuditEntryPage })
  @ApiErrors(400, 403)
  list(@Query() query: ListAuditQuery, @CurrentUser() caller: AuthUser): Promise<AuditEntryPage> {
    return this.audit.list(query, caller);
  }
}
