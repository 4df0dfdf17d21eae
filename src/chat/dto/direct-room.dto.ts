import type { DirectPayload } from '../contract/events.js';
import { IsUserId } from './kick.dto.js';

/** `dm:open`: the other user of the direct room. */
export class DirectRoomDto implements DirectPayload {
  @IsUserId()
  userId!: string;
}
