import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '#server/auth/auth-user';
import { MESSAGE_SENDERS } from '#server/common/access/access-policy.service';
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
    summary: 'Deliver a message to the process instance waiting for it, or start one with it',
    description:
      'Reaches the instance that has waited longest at a message catch event or receive task ' +
      'for this message name and correlation key. When none waits, starts the latest version of ' +
      'the process whose message start event has this name, with the variables (`started`); ' +
      '404 when neither (messages are not buffered), 409 when several processes start with it.',
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
