import type { Redis } from 'ioredis';

// Multi-key changes, each atomic in Redis. The room scripts take
// `RedisRoomsStore.roomKeys`: the room's history keys (history, seq of
// messages, clientMessageId index), then sockets, users, names, order,
// rooms, the socket's rooms, the counter of joins, and the room's message
// indexes (seq by id, authors, read positions).

/** A room's message keys: what `RedisMessageStore` writes and an emptied room drops. */
export const roomHistoryKeys = (base: string) => [
  `${base}:history`,
  `${base}:mseq`,
  `${base}:cmids`,
];

/** A room's reactions (hash: message id → its reactions as JSON). */
export const roomReactionsKey = (base: string) => `${base}:reactions`;

/**
 * A room's indexes beside its history: seq by message id, the author of each
 * kept message (aligned with the history list; `''` once deleted), each
 * user's read position, and the reactions.
 */
export const roomIndexKeys = (base: string) => [
  `${base}:ids`,
  `${base}:authors`,
  `${base}:reads`,
  roomReactionsKey(base),
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
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[10], KEYS[11], KEYS[12], KEYS[13], KEYS[14])
  redis.call('SREM', KEYS[8], ARGV[3])
end
return last`;

/**
 * Appends a message while the room exists (KEYS[4]: its sockets): the next
 * seq is spliced into the JSON (ARGV[1], without seq), and the newest
 * ARGV[3] are kept, with their indexes (KEYS[5] ids, KEYS[6] authors; ARGV[4]
 * the id, ARGV[5] the author; a dropped one's reactions go from KEYS[7]).
 * With a clientMessageId key (ARGV[2]) already
 * indexed, nothing is stored. Answers nil (no room), or {1 new | 0 earlier, entry}.
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
redis.call('RPUSH', KEYS[6], ARGV[5])
redis.call('HSET', KEYS[5], ARGV[4], seq)
if ARGV[2] ~= '' then redis.call('HSET', KEYS[3], ARGV[2], entry) end
local excess = redis.call('LLEN', KEYS[1]) - tonumber(ARGV[3])
if excess > 0 then
  redis.call('LPOP', KEYS[6], excess)
  for _, old in ipairs(redis.call('LPOP', KEYS[1], excess)) do
    local m = cjson.decode(old)
    redis.call('HDEL', KEYS[5], m.id)
    redis.call('HDEL', KEYS[7], m.id)
    if m.clientMessageId then
      redis.call('HDEL', KEYS[3], m.from.userId .. '\\n' .. m.clientMessageId)
    end
  end
end
return {1, entry}`;

/** The kept message with id ARGV[1] (KEYS: history, seq, ids): {seq, entry}, or nil. */
const MESSAGE_BY_ID = `
local seq = tonumber(redis.call('HGET', KEYS[3], ARGV[1]))
if not seq then return false end
local latest = tonumber(redis.call('GET', KEYS[2]) or '0')
local index = seq - (latest - redis.call('LLEN', KEYS[1]) + 1)
local entry = redis.call('LINDEX', KEYS[1], index)
if not entry then return false end
return {seq, entry}`;

/**
 * Replaces the entry of seq ARGV[1] (KEYS: history, seq, clientMessageId
 * index, authors) if it still is ARGV[2] (compare and set); ARGV[3] the new
 * entry, ARGV[4] its clientMessageId key or '', ARGV[5] '1' for a tombstone.
 * Answers 1, or 0 when it changed or went meanwhile.
 */
const REPLACE_MESSAGE = `
local latest = tonumber(redis.call('GET', KEYS[2]) or '0')
local index = tonumber(ARGV[1]) - (latest - redis.call('LLEN', KEYS[1]) + 1)
if index < 0 or redis.call('LINDEX', KEYS[1], index) ~= ARGV[2] then return 0 end
redis.call('LSET', KEYS[1], index, ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[3], ARGV[4], ARGV[3]) end
if ARGV[5] == '1' then redis.call('LSET', KEYS[4], index, '') end
return 1`;

/**
 * Moves user ARGV[1]'s read position forward to ARGV[2], clamped to the
 * room's newest seq, while the room exists (KEYS: seq, reads, sockets).
 * Answers {lastRead, 1 moved | 0}.
 */
const MARK_READ = `
if redis.call('EXISTS', KEYS[3]) == 0 then return {0, 0} end
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local target = math.min(tonumber(ARGV[2]), tonumber(redis.call('GET', KEYS[1]) or '0'))
if target <= current then return {current, 0} end
redis.call('HSET', KEYS[2], ARGV[1], target)
return {target, 1}`;

/**
 * User ARGV[1]'s read position and the kept, undeleted messages by others
 * after it, counted from the authors list (KEYS: seq, authors, reads).
 */
const READ_STATE = `
local last = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
local latest = tonumber(redis.call('GET', KEYS[1]) or '0')
local n = redis.call('LLEN', KEYS[2])
local start = math.max(0, last - (latest - n + 1) + 1)
local unread = 0
if start < n then
  for _, author in ipairs(redis.call('LRANGE', KEYS[2], start, -1)) do
    if author ~= '' and author ~= ARGV[1] then unread = unread + 1 end
  end
end
return {last, unread}`;

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
  chatMessageById(...keysAndArgs: string[]): Promise<[number, string] | null>;
  chatReplaceMessage(...keysAndArgs: string[]): Promise<0 | 1>;
  chatMarkRead(...keysAndArgs: string[]): Promise<[number, 0 | 1]>;
  chatReadState(...keysAndArgs: string[]): Promise<[number, number]>;
}

/** Registers the scripts as commands on the client (idempotent per client). */
export function withChatScripts(redis: Redis): ScriptedRedis {
  redis.defineCommand('chatAddMember', { numberOfKeys: 14, lua: ADD_MEMBER });
  redis.defineCommand('chatRemoveMember', {
    numberOfKeys: 14,
    lua: REMOVE_MEMBER,
  });
  redis.defineCommand('chatAppendMessage', {
    numberOfKeys: 7,
    lua: APPEND_MESSAGE,
  });
  redis.defineCommand('chatMessageById', {
    numberOfKeys: 3,
    lua: MESSAGE_BY_ID,
  });
  redis.defineCommand('chatReplaceMessage', {
    numberOfKeys: 4,
    lua: REPLACE_MESSAGE,
  });
  redis.defineCommand('chatMarkRead', { numberOfKeys: 3, lua: MARK_READ });
  redis.defineCommand('chatReadState', { numberOfKeys: 3, lua: READ_STATE });
  redis.defineCommand('chatHistoryPage', {
    numberOfKeys: 2,
    lua: HISTORY_PAGE,
  });
  return redis as ScriptedRedis;
}
