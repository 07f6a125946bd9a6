// The relay's bookkeeping beside BullMQ, as Lua scripts (each runs atomically in Redis). BullMQ keeps
// the changes themselves (durability, locks, stalled-job recovery, retries); these keep what it has
// no feature for:
// - per-key order across instances: each lane (destination account) numbers its changes as they
//   are accepted (in the same MULTI that adds their jobs), and a change may start only when it is the
//   oldest unfinished one of each of its keys and no erasure accepted before it is unfinished; an
//   erasure only when nothing accepted before it is unfinished (src/relay/lanes.ts, across processes);
// - a change held back is "parked" (a delayed job) and promoted by the change that frees it;
// - the memory (customers and order ids sent), bounded, least recently set first out;
// - each account's request schedule (requests a minute, counted per request, not per job), on
//   Redis's clock so instances on different machines share one.
import type { Redis } from 'ioredis';

/** Lua: may job `id` of the lane at `base` start now? (unknown jobs are never held back). */
const STARTABLE = `
local function startable(base, id)
  local raw = redis.call('HGET', base .. 'ord', id)
  if not raw then return true end
  local o = cjson.decode(raw)
  if o.b then
    local first = redis.call('ZRANGE', base .. 'pending', 0, 0)
    return first[1] == id
  end
  local bar = redis.call('ZRANGE', base .. 'barriers', 0, 0, 'WITHSCORES')
  if bar[1] and tonumber(bar[2]) < o.s then return false end
  for _, key in ipairs(o.k) do
    local head = redis.call('ZRANGE', key, 0, 0)
    if head[1] ~= id then return false end
  end
  return true
end
`;

/** Lua: applies facts (triples of op, key, value from ARGV[from]) to the memory, then trims it to `max`. */
const APPLY = `
local function apply(hash, used, tick, max, from)
  for i = from, #ARGV, 3 do
    local op, key = ARGV[i], ARGV[i + 1]
    if op == 'set' then
      redis.call('HSET', hash, key, ARGV[i + 2])
      redis.call('ZADD', used, redis.call('INCR', tick), key)
    else
      redis.call('HDEL', hash, key)
      redis.call('ZREM', used, key)
    end
  end
  local over = redis.call('ZCARD', used) - tonumber(max)
  if over > 0 then
    local old = redis.call('ZPOPMIN', used, over)
    for j = 1, #old, 2 do redis.call('HDEL', hash, old[j]) end
  end
end
`;

/** ARGV: base, job id, barrier (1/0), the job's ordering keys (full names). Returns its number in the lane. */
const REGISTER = `
local base, id = ARGV[1], ARGV[2]
local seq = redis.call('INCR', base .. 'seq')
redis.call('ZADD', base .. 'pending', seq, id)
if ARGV[3] == '1' then redis.call('ZADD', base .. 'barriers', seq, id) end
local keys = {}
for i = 4, #ARGV do
  redis.call('ZADD', ARGV[i], seq, id)
  keys[#keys + 1] = ARGV[i]
end
redis.call('HSET', base .. 'ord', id, cjson.encode({ s = seq, b = ARGV[3] == '1', k = keys }))
return seq
`;

/** ARGV: base, job id. 1 when it may start now; else 0, and it is parked (the change that frees it promotes it). */
const START = `${STARTABLE}
local base, id = ARGV[1], ARGV[2]
if startable(base, id) then
  redis.call('SREM', base .. 'parked', id)
  return 1
end
redis.call('SADD', base .. 'parked', id)
return 0
`;

/** ARGV: base. The parked jobs that may start now (no longer parked): a start-up sweep after a crash. */
const WAKE = `${STARTABLE}
local base = ARGV[1]
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', base .. 'parked')) do
  if startable(base, id) then
    redis.call('SREM', base .. 'parked', id)
    out[#out + 1] = id
  end
end
return out
`;

/**
 * ARGV: base, job id, result key, result JSON, its TTL (ms), rejected list, rejected line ('' for
 * none), memory hash, used, tick, max entries, then the facts. In one step: the memory learns, the
 * result is kept, a refusal is listed, the job leaves the lane's order. Returns the parked jobs it
 * freed (the caller promotes them).
 */
const FINISH = `${STARTABLE}${APPLY}
local base, id = ARGV[1], ARGV[2]
apply(ARGV[8], ARGV[9], ARGV[10], ARGV[11], 12)
redis.call('SET', ARGV[3], ARGV[4], 'PX', ARGV[5])
if ARGV[7] ~= '' then redis.call('RPUSH', ARGV[6], ARGV[7]) end
local raw = redis.call('HGET', base .. 'ord', id)
redis.call('ZREM', base .. 'pending', id)
redis.call('ZREM', base .. 'barriers', id)
redis.call('HDEL', base .. 'ord', id)
redis.call('SREM', base .. 'parked', id)
redis.call('HDEL', base .. 'errors', id)
local candidates = {}
if raw then
  local o = cjson.decode(raw)
  for _, key in ipairs(o.k) do
    redis.call('ZREM', key, id)
    local head = redis.call('ZRANGE', key, 0, 0)
    if head[1] then candidates[head[1]] = true end
  end
  if o.b then
    for _, parked in ipairs(redis.call('SMEMBERS', base .. 'parked')) do candidates[parked] = true end
  end
end
local first = redis.call('ZRANGE', base .. 'pending', 0, 0)
if first[1] then candidates[first[1]] = true end
local out = {}
for candidate in pairs(candidates) do
  if redis.call('SISMEMBER', base .. 'parked', candidate) == 1 and startable(base, candidate) then
    redis.call('SREM', base .. 'parked', candidate)
    out[#out + 1] = candidate
  end
end
return out
`;

/** ARGV: memory hash, used, tick, max entries, then the facts (what a request taught mid-delivery). */
const LEARN = `${APPLY}
apply(ARGV[1], ARGV[2], ARGV[3], ARGV[4], 5)
return 1
`;

/**
 * ARGV: schedule key, interval (ms, fractional). Reserves the account's next request start, on
 * Redis's clock; returns how many ms to wait for it. Starts are `interval` apart, whoever sends.
 */
const PACE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local at = math.max(now, tonumber(redis.call('GET', ARGV[1]) or '0'))
local after = at + tonumber(ARGV[2])
redis.call('SET', ARGV[1], string.format('%.3f', after), 'PX', math.ceil(after - now) + 60000)
return math.floor(at - now)
`;

/** The relay's commands, as ioredis defines them on a client (and on its MULTIs). */
export interface RelayCommands {
  cartbeaconRegister(...args: string[]): Promise<number>;
  cartbeaconStart(...args: string[]): Promise<number>;
  cartbeaconWake(...args: string[]): Promise<string[]>;
  cartbeaconFinish(...args: string[]): Promise<string[]>;
  cartbeaconLearn(...args: string[]): Promise<number>;
  cartbeaconPace(...args: string[]): Promise<number>;
}

export type RelayClient = Redis & RelayCommands;

const SCRIPTS: Record<keyof RelayCommands, string> = {
  cartbeaconRegister: REGISTER,
  cartbeaconStart: START,
  cartbeaconWake: WAKE,
  cartbeaconFinish: FINISH,
  cartbeaconLearn: LEARN,
  cartbeaconPace: PACE,
};

/**
 * Defines the relay's scripts on an ioredis client. Every key is passed as an argument: the scripts
 * reach the keys of other jobs of a lane as BullMQ's own scripts do, so they need one Redis server
 * (or a primary with replicas), not Redis Cluster.
 */
export function withRelayCommands(client: Redis): RelayClient {
  for (const [name, lua] of Object.entries(SCRIPTS))
    if (typeof (client as unknown as Record<string, unknown>)[name] !== 'function')
      client.defineCommand(name, { numberOfKeys: 0, lua });
  return client as RelayClient;
}
