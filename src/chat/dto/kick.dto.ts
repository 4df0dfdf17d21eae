import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { KickPayload } from '../contract/events.js';
import { IsRoomName } from './room.dto.js';

export class KickDto implements KickPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  userId!: string;

  @IsOptional()
  @IsRoomName()
  room?: string;
}
