import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import type { RoomPayload } from '../contract/events.js';
import { ROOM_NAME_PATTERN } from '../module/chat.constants.js';

/** A client-chosen room name, as the contract's pattern allows. */
export const IsRoomName = () =>
  applyDecorators(
    IsString(),
    Matches(ROOM_NAME_PATTERN, {
      message: `room must match ${String(ROOM_NAME_PATTERN)}`,
    }),
  );

export class RoomDto implements RoomPayload {
  @IsRoomName()
  room!: string;
}
