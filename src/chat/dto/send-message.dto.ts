import { IsOptional, IsString, Length } from 'class-validator';
import type { SendPayload } from '../contract/events.js';
import { MESSAGE_ID_MAX_LENGTH } from '../module/chat.constants.js';
import { IsRoomName } from './room.dto.js';
import { OptionalClientMessageId } from './sequence.js';
import { TextDto } from './text.dto.js';

export class SendMessageDto extends TextDto implements SendPayload {
  @IsRoomName()
  room!: string;

  @OptionalClientMessageId()
  clientMessageId?: string;

  /** An id that names no kept message of the room is `NOT_FOUND`, not invalid. */
  @IsOptional()
  @IsString()
  @Length(1, MESSAGE_ID_MAX_LENGTH)
  replyTo?: string;
}
