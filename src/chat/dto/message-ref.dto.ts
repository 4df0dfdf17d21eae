import { applyDecorators } from '@nestjs/common';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import type {
  EditPayload,
  MessageRefPayload,
  ReadPayload,
} from '../contract/events.js';
import { IsRoomName, RoomDto } from './room.dto.js';
import { TextDto } from './text.dto.js';

/** A message `id` as the server gives them (a UUID; up to 64 characters for a host's own store). */
export const IsMessageId = () => applyDecorators(IsString(), Length(1, 64));

export class MessageRefDto implements MessageRefPayload {
  @IsRoomName()
  room!: string;

  @IsMessageId()
  id!: string;
}

export class EditMessageDto extends TextDto implements EditPayload {
  @IsRoomName()
  room!: string;

  @IsMessageId()
  id!: string;
}

export class ReadDto extends RoomDto implements ReadPayload {
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq!: number;
}
