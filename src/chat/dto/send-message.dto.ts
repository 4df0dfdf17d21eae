import type { SendPayload } from '../contract/events.js';
import { IsRoomName } from './room.dto.js';
import { OptionalClientMessageId } from './sequence.js';
import { TextDto } from './text.dto.js';

export class SendMessageDto extends TextDto implements SendPayload {
  @IsRoomName()
  room!: string;

  @OptionalClientMessageId()
  clientMessageId?: string;
}
