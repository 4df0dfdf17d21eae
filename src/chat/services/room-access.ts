import {
  Inject,
  Injectable,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { ErrorCode } from '../contract/error-code.enum.js';
import type { Member } from '../contract/events.js';
import { ChatError } from '../errors/chat.error.js';
import type { ChatRoomPolicy } from './room-policy.interface.js';
import { ModerationService } from './moderation.service.js';

type PolicyQuestion = keyof ChatRoomPolicy;

const REFUSALS: Record<PolicyQuestion, string> = {
  canJoin: 'You may not join this room',
  canSend: 'You may not post in this room',
  canRead: 'You may not read this room',
};

/**
 * Who may do what in a room: bans and mutes first, then the host's policy.
 * Without a policy and without a ban or mute in the room, every answer is
 * synchronous (no promise hop on the message path).
 */
@Injectable()
export class RoomAccess implements OnModuleInit {
  private policy: ChatRoomPolicy | null = null;

  constructor(
    private readonly moderation: ModerationService,
    private readonly moduleRef: ModuleRef,
    @Inject(CHAT_OPTIONS) private readonly options: ResolvedChatOptions,
  ) {}

  /** Every provider exists by now: the host's own registration of the policy is found. */
  async onModuleInit(): Promise<void> {
    const type = this.options.policy;
    if (!type) return;
    this.policy = await this.resolve(type);
  }

  private async resolve(type: Type<ChatRoomPolicy>): Promise<ChatRoomPolicy> {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      return this.moduleRef.create(type);
    }
  }

  join(user: Member, room: string): Promise<void> | void {
    this.moderation.check('ban', room, user.userId);
    return this.ask('canJoin', user, room);
  }

  /** `message:send` and `message:edit`. */
  send(user: Member, room: string): Promise<void> | void {
    this.moderation.check('mute', room, user.userId);
    return this.ask('canSend', user, room);
  }

  typing(user: Member, room: string): void {
    this.moderation.check('mute', room, user.userId);
  }

  read(user: Member, room: string): Promise<void> | void {
    return this.ask('canRead', user, room);
  }

  private ask(
    question: PolicyQuestion,
    user: Member,
    room: string,
  ): Promise<void> | void {
    const policy = this.policy;
    if (!policy?.[question]) return;
    const answer = policy[question](user, room);
    if (typeof answer === 'boolean') return refuseUnless(answer, question);
    return answer.then((allowed) => refuseUnless(allowed, question));
  }
}

function refuseUnless(allowed: boolean, question: PolicyQuestion): void {
  if (allowed !== true) {
    throw new ChatError(ErrorCode.Forbidden, REFUSALS[question]);
  }
}
