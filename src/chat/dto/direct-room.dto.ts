import { NotEquals } from 'class-validator';
import type { DirectPayload } from '../contract/events.js';
import { SYSTEM_MEMBER } from '../module/chat.constants.js';
import { IsUserId } from './kick.dto.js';

/** `dm:open`: the other user of the direct room (never the system member). */
export class DirectRoomDto implements DirectPayload {
  @IsUserId()
  @NotEquals(SYSTEM_MEMBER.userId, { message: 'userId cannot be the system' })
  userId!: string;
}
