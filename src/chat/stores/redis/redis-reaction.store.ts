import type { Redis } from 'ioredis';
import type { Reaction } from '../../contract/events.js';
import {
  MAX_EMOJI_PER_MESSAGE,
  reactionsOf,
  type MessageKey,
  type ReactionStore,
  type ToggleOutcome,
} from '../reaction-store.interface.js';
import { roomReactionsKey } from './redis-scripts.js';

/** A message's reactions as kept: `[emoji, userIds]` in the order first added. */
type Kept = [string, string[]][];

// KEYS[1]: the room's reactions (hash: message id → Kept as JSON).
// ARGV: message id, user id, emoji, '1' on | '0' off, the cap of emoji.
// Atomic: of two instances adding the same reaction at once, one changes it.
const TOGGLE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local list = raw and cjson.decode(raw) or {}
local index = nil
for i, entry in ipairs(list) do
  if entry[1] == ARGV[3] then index = i break end
end
if ARGV[4] == '1' then
  if index then
    for _, user in ipairs(list[index][2]) do
      if user == ARGV[2] then return 'unchanged' end
    end
    table.insert(list[index][2], ARGV[2])
  else
    if #list >= tonumber(ARGV[5]) then return 'limit' end
    table.insert(list, {ARGV[3], {ARGV[2]}})
  end
else
  if not index then return 'unchanged' end
  local users = list[index][2]
  local found = nil
  for i, user in ipairs(users) do
    if user == ARGV[2] then found = i break end
  end
  if not found then return 'unchanged' end
  table.remove(users, found)
  if #users == 0 then table.remove(list, index) end
end
if #list == 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(list))
end
return 'changed'`;

interface ReactionScripts extends Redis {
  chatToggleReaction(...keysAndArgs: string[]): Promise<ToggleOutcome>;
}

/**
 * Reactions shared by every instance: one hash per room, dropped with the
 * room's history (and a message's entry when the history drops it).
 */
export class RedisReactionStore implements ReactionStore {
  private readonly redis: ReactionScripts;

  constructor(
    redis: Redis,
    private readonly prefix = 'chat:',
  ) {
    redis.defineCommand('chatToggleReaction', { numberOfKeys: 1, lua: TOGGLE });
    this.redis = redis as ReactionScripts;
  }

  private key(room: string) {
    return roomReactionsKey(`${this.prefix}room:${room}`);
  }

  toggle(
    room: string,
    messageId: string,
    userId: string,
    emoji: string,
    on: boolean,
  ): Promise<ToggleOutcome> {
    return this.redis.chatToggleReaction(
      this.key(room),
      messageId,
      userId,
      emoji,
      on ? '1' : '0',
      String(MAX_EMOJI_PER_MESSAGE),
    );
  }

  async of(messages: MessageKey[]) {
    const found = new Map<string, Reaction[]>();
    const byRoom = new Map<string, string[]>();
    for (const { room, id } of messages) {
      byRoom.set(room, [...(byRoom.get(room) ?? []), id]);
    }
    await Promise.all(
      [...byRoom].map(async ([room, ids]) => {
        const entries = await this.redis.hmget(this.key(room), ...ids);
        entries.forEach((entry, i) => {
          if (entry) found.set(ids[i], reactionsOf(JSON.parse(entry) as Kept));
        });
      }),
    );
    return found;
  }
}
