import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ModerationPayload } from '../contract/index.js';
import { IsRoomName } from './room.dto.js';
import { IsUserId } from './kick.dto.js';

/** `admin:unban` and `admin:unmute`: whom, in which room. */
export class ModerationTargetDto implements Omit<
  ModerationPayload,
  'durationMs'
> {
  @IsUserId()
  userId!: string;

  @IsRoomName()
  room!: string;
}

/** `admin:ban` and `admin:mute`. */
export class ModerationDto
  extends ModerationTargetDto
  implements ModerationPayload
{
  /** Until lifted when absent. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  durationMs?: number;
}
