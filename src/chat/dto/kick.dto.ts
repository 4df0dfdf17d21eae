import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { KickPayload } from '../contract/events.js';
import { IsRoomName } from './room.dto.js';

/** A `userId` as the admin names it. */
export const IsUserId = () =>
  applyDecorators(IsString(), IsNotEmpty(), MaxLength(256));

export class KickDto implements KickPayload {
  @IsUserId()
  userId!: string;

  @IsOptional()
  @IsRoomName()
  room?: string;
}
