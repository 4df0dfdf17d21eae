import type { Redis } from 'ioredis';

// Multi-key changes, each atomic in Redis. The room scripts take
// `RedisRoomsStore.roomKeys`: the room's history keys (history, seq of
// messages, clientMessageId index), then sockets, users, names, order,
// rooms, the socket's rooms, and the counter of joins.

/** A room's message keys: what `RedisMessageStore` writes and an emptied room drops. */
export const roomHistoryKeys = (base: string) => [
  `${base}:history`,
  `${base}:mseq`,
  `${base}:cmids`,
];

/** Adds a socket to a room; 1 when the user was not in it before. */
const ADD_MEMBER = `
if redis.call('HSETNX', KEYS[4], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('SADD', KEYS[8], ARGV[4])
redis.call('SADD', KEYS[9], ARGV[4])
if redis.call('HINCRBY', KEYS[5], ARGV[2], 1) == 1 then
  redis.call('HSET', KEYS[6], ARGV[2], ARGV[3])
  redis.call('ZADD', KEYS[7], redis.call('INCR', KEYS[10]), ARGV[2])
  return 1
end
return 0`;

/** Removes a socket from a room; 1 when the user has no socket left in it. An emptied room goes, history included. */
const REMOVE_MEMBER = `
if redis.call('HDEL', KEYS[4], ARGV[1]) == 0 then return 0 end
redis.call('SREM', KEYS[9], ARGV[3])
local last = 0
if redis.call('HINCRBY', KEYS[5], ARGV[2], -1) <= 0 then
  redis.call('HDEL', KEYS[5], ARGV[2])
  redis.call('HDEL', KEYS[6], ARGV[2])
  redis.call('ZREM', KEYS[7], ARGV[2])
  last = 1
end
if redis.call('HLEN', KEYS[4]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[10])
  redis.call('SREM', KEYS[8], ARGV[3])
end
return last`;

/**
 * Appends a message while the room exists (KEYS[4]: its sockets): the next
 * seq is spliced into the JSON (ARGV[1], without seq), and the newest
 * ARGV[3] are kept. With a clientMessageId key (ARGV[2]) already indexed,
 * nothing is stored. Answers nil (no room), or {1 new | 0 earlier, entry}.
 */
const APPEND_MESSAGE = `
if redis.call('EXISTS', KEYS[4]) == 0 then return false end
if ARGV[2] ~= '' then
  local earlier = redis.call('HGET', KEYS[3], ARGV[2])
  if earlier then return {0, earlier} end
end
local seq = redis.call('INCR', KEYS[2])
local entry = string.sub(ARGV[1], 1, -2) .. ',"seq":' .. seq .. '}'
redis.call('RPUSH', KEYS[1], entry)
if ARGV[2] ~= '' then redis.call('HSET', KEYS[3], ARGV[2], entry) end
local excess = redis.call('LLEN', KEYS[1]) - tonumber(ARGV[3])
if excess > 0 then
  for _, old in ipairs(redis.call('LPOP', KEYS[1], excess)) do
    local m = cjson.decode(old)
    if m.clientMessageId then
      redis.call('HDEL', KEYS[3], m.from.userId .. '\\n' .. m.clientMessageId)
    end
  end
end
return {1, entry}`;

/**
 * One page of a room's history (KEYS: history, seq). The list holds
 * contiguous seqs ending at the counter. ARGV: 'after' or 'before', the
 * bound, the limit. Answers {latestSeq, hasMore 0|1, entries}.
 */
const HISTORY_PAGE = `
local latest = tonumber(redis.call('GET', KEYS[2]) or '0')
local n = redis.call('LLEN', KEYS[1])
if n == 0 then return {latest, 0, {}} end
local first = latest - n + 1
local bound = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local start, stop, more
if ARGV[1] == 'after' then
  start = math.min(n, math.max(0, bound - first + 1))
  stop = math.min(n, start + limit)
  more = stop < n
else
  stop = math.min(n, math.max(0, bound - first))
  start = math.max(0, stop - limit)
  more = start > 0
end
local entries = {}
if stop > start then entries = redis.call('LRANGE', KEYS[1], start, stop - 1) end
return {latest, more and 1 or 0, entries}`;

export interface ScriptedRedis extends Redis {
  chatAddMember(...keysAndArgs: string[]): Promise<number>;
  chatRemoveMember(...keysAndArgs: string[]): Promise<number>;
  chatAppendMessage(...keysAndArgs: string[]): Promise<[0 | 1, string] | null>;
  chatHistoryPage(...keysAndArgs: string[]): Promise<[number, 0 | 1, string[]]>;
}

/** Registers the scripts as commands on the client (idempotent per client). */
export function withChatScripts(redis: Redis): ScriptedRedis {
  redis.defineCommand('chatAddMember', { numberOfKeys: 10, lua: ADD_MEMBER });
  redis.defineCommand('chatRemoveMember', {
    numberOfKeys: 10,
    lua: REMOVE_MEMBER,
  });
  redis.defineCommand('chatAppendMessage', {
    numberOfKeys: 4,
    lua: APPEND_MESSAGE,
  });
  redis.defineCommand('chatHistoryPage', {
    numberOfKeys: 2,
    lua: HISTORY_PAGE,
  });
  return redis as ScriptedRedis;
}
