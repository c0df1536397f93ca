import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { MESSAGE_SENDERS } from '#server/common/access/access-rules';
import { ApiAuthenticated, ApiErrors } from '#server/common/api-responses';
import { SendMessageDto } from './message.dto';
import { MessageDeliveryResponse } from './message.response';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiAuthenticated()
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @HttpCode(200)
  @Roles(...MESSAGE_SENDERS)
  @ApiOperation({
    summary:
      'Deliver a message to the process instance waiting for it, start one with it, or buffer it',
    description:
      'Reaches the instance that has waited longest at a message catch event or receive task ' +
      'for this message name and correlation key (`outcome: delivered`). When none waits, starts ' +
      'the latest version of the process whose message start event has this name, with the ' +
      'variables (`started`). Else, with a `timeToLive` (or the server default), keeps the ' +
      'message until then (`buffered`): the first instance to wait for its name and key receives ' +
      'it at once, once. 404 when none of these, 409 when several processes start with it or ' +
      'when a message with the same `messageId` still lives.',
  })
  @ApiOkResponse({ type: MessageDeliveryResponse })
  @ApiErrors(400, 403, 404, 409)
  send(
    @Body() body: SendMessageDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<MessageDeliveryResponse> {
    return this.messages.send(body, caller);
  }
}
