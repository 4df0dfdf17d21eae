import type { Redis } from 'ioredis';

// The store's multi-key changes, each atomic in Redis. Key order is
// `RedisRoomsStore.roomKeys`: sockets, users, names, order, rooms,
// socket's rooms, seq, history.

/** Adds a socket to a room; 1 when the user was not in it before. */
const ADD_MEMBER = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('SADD', KEYS[5], ARGV[4])
redis.call('SADD', KEYS[6], ARGV[4])
if redis.call('HINCRBY', KEYS[2], ARGV[2], 1) == 1 then
  redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
  redis.call('ZADD', KEYS[4], redis.call('INCR', KEYS[7]), ARGV[2])
  return 1
end
return 0`;

/** Removes a socket from a room; 1 when the user has no socket left in it. An emptied room goes, history included. */
const REMOVE_MEMBER = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SREM', KEYS[6], ARGV[3])
local last = 0
if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) <= 0 then
  redis.call('HDEL', KEYS[2], ARGV[2])
  redis.call('HDEL', KEYS[3], ARGV[2])
  redis.call('ZREM', KEYS[4], ARGV[2])
  last = 1
end
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[7], KEYS[8])
  redis.call('SREM', KEYS[5], ARGV[3])
end
return last`;

/** Appends to a room's history while the room exists, keeping the newest ARGV[2]. */
const APPEND_HISTORY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
return 1`;

export interface ScriptedRedis extends Redis {
  chatAddMember(...keysAndArgs: string[]): Promise<number>;
  chatRemoveMember(...keysAndArgs: string[]): Promise<number>;
  chatAppendHistory(...keysAndArgs: string[]): Promise<number>;
}

/** Registers the scripts as commands on the client (idempotent per client). */
export function withChatScripts(redis: Redis): ScriptedRedis {
  redis.defineCommand('chatAddMember', { numberOfKeys: 8, lua: ADD_MEMBER });
  redis.defineCommand('chatRemoveMember', {
    numberOfKeys: 8,
    lua: REMOVE_MEMBER,
  });
  redis.defineCommand('chatAppendHistory', {
    numberOfKeys: 2,
    lua: APPEND_HISTORY,
  });
  return redis as ScriptedRedis;
}
