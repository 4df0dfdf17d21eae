import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { KickPayload } from '../contract/index.js';
import { USER_ID_MAX_LENGTH } from '../module/chat.constants.js';
import { IsRoomName } from './room.dto.js';

/** A `userId` as the admin names it. */
export const IsUserId = () =>
  applyDecorators(IsString(), IsNotEmpty(), MaxLength(USER_ID_MAX_LENGTH));

export class KickDto implements KickPayload {
  @IsUserId()
  userId!: string;

  @IsOptional()
  @IsRoomName()
  room?: string;
}
