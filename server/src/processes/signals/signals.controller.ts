import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { MESSAGE_SENDERS } from '#server/common/access/access-rules';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { BroadcastSignalDto } from './signal.dto';
import { SignalBroadcastResponse } from './signal.response';
import { SignalsService } from './signals.service';

@ApiTags('signals')
@ApiAuthenticated()
@Controller('signals')
export class SignalsController {
  constructor(private readonly signals: SignalsService) {}

  @Post()
  @HttpCode(200)
  @Roles(...MESSAGE_SENDERS)
  @ApiOperation({
    summary:
      'Broadcast a signal to every process instance waiting for it, starting those starting with it',
    description:
      'Reaches every instance you may see that waits at a signal catch or boundary event for ' +
      'this signal name, and answers how many and which; a signal nothing waits for reaches ' +
      'nobody (signals are not buffered). It also starts the latest version of every process ' +
      'whose signal start event has this name, with the signal variables (`startedInstanceIds`).',
  })
  @ApiOkResponse({ type: SignalBroadcastResponse })
  @ApiErrors(400, 403)
  broadcast(
    @Body() body: BroadcastSignalDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<SignalBroadcastResponse> {
    return this.signals.broadcast(body, caller);
  }
}
