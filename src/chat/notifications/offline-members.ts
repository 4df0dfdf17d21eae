import { Inject, Injectable } from '@nestjs/common';
import type { Message } from '../contract/events.js';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { MemberStore } from '../stores/member-store.interface.js';
import { RoomsStore, usersConnected } from '../stores/rooms-store.interface.js';

/** The members looked at for a message's `offline` list (a room's first, in joining order). */
export const OFFLINE_SCAN_LIMIT = 10_000;

/**
 * Who of a message's room should hear of it by other means: the members
 * (signed-in users) with no connected socket on any instance, never the
 * sender. Without signed-in users a member is a socket: nobody is offline.
 */
@Injectable()
export class OfflineMembers {
  constructor(
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
    @Inject(MemberStore) private readonly members: MemberStore,
    @Inject(RoomsStore) private readonly rooms: RoomsStore,
  ) {}

  async of(message: Message): Promise<string[]> {
    if (!this.options.authenticate || message.room === null) return [];
    const { members } = await this.members.members(
      message.room,
      OFFLINE_SCAN_LIMIT,
    );
    const others = members.filter(
      (member) => member.userId !== message.from.userId,
    );
    const online = await usersConnected(
      this.rooms,
      others.map((member) => member.userId),
    );
    return others.filter((_, i) => !online[i]).map((member) => member.userId);
  }
}
