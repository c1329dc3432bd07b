/**
 * The fleet budget's two Lua scripts. Redis runs a script atomically, so the refill, the
 * state check and the lease are one step however many workers ask at once; time is the
 * server's (TIME), so the clocks of the workers' machines never matter. Tests pass a time.
 *
 * Control hash fields: state (running | paused | stopped), revision, and per resource R:
 * `R:allowedRate` (units/s the bucket refills at), `R:operatorRate`, `R:lastCutAtMs`,
 * `R:lastUpdateAtMs`. Bucket hash: tokens, lastMs.
 */

/** Shared by both scripts: the current time and a bucket brought up to it at a given rate. */
const REFILL = `
local function now_ms(given)
  if given ~= '' then return tonumber(given) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function lease_units(rate, lease_seconds, min_lease)
  return math.max(min_lease, rate * lease_seconds)
end
local function refilled(bucket, rate, now, lease_seconds, burst_seconds, min_lease)
  local b = redis.call('HMGET', bucket, 'tokens', 'lastMs')
  local tokens = tonumber(b[1] or '0') or 0
  local last = tonumber(b[2] or '') or now
  if now > last then
    local cap = math.max(lease_units(rate, lease_seconds, min_lease), rate * burst_seconds)
    tokens = math.min(cap, tokens + (now - last) / 1000 * rate)
    last = now
  end
  return tokens, last
end
`;

/**
 * Takes one lease (up to four when that much has built up). KEYS: control, bucket, leased. ARGV: resource, now ('' = server time),
 * leaseSeconds, burstSeconds, minLeaseUnits, workerId.
 * Returns [state, granted, waitMs, allowedRate, revision, leaseUnits] as strings; state
 * 'missing' when the job has no control hash.
 */
export const LEASE_SCRIPT = `${REFILL}
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {'missing', '0', '0', '0', '0', '0'} end
local res = ARGV[1]
local c = redis.call('HMGET', KEYS[1], res .. ':allowedRate', 'revision')
local rate = tonumber(c[1] or '0') or 0
local revision = c[2] or '0'
local now = now_ms(ARGV[2])
local lease_seconds, burst_seconds, min_lease = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local lease = lease_units(rate, lease_seconds, min_lease)
if state ~= 'running' then
  redis.call('HSET', KEYS[2], 'tokens', '0', 'lastMs', tostring(now))
  return {state, '0', '0', tostring(rate), revision, tostring(lease)}
end
local tokens, last = refilled(KEYS[2], rate, now, lease_seconds, burst_seconds, min_lease)
local granted = 0
local wait_ms = 0
if tokens >= lease then
  -- A worker that fell behind (a slow round trip, a busy event loop) catches up with up to
  -- four leases of what has built up, rather than leaving it to the burst cap.
  granted = math.min(tokens, lease * 4)
  tokens = tokens - granted
elseif rate > 0 then
  wait_ms = math.ceil((lease - tokens) / rate * 1000)
else
  wait_ms = 100
end
redis.call('HSET', KEYS[2], 'tokens', tostring(tokens), 'lastMs', tostring(last))
if granted > 0 then redis.call('HINCRBYFLOAT', KEYS[3], ARGV[6], tostring(granted)) end
return {state, tostring(granted), tostring(wait_ms), tostring(rate), revision, tostring(lease)}
`;

/**
 * Changes the control hash. KEYS: control, write bucket, read bucket. ARGV: expected
 * revision ('' = any), now ('' = server time), leaseSeconds, burstSeconds, minLeaseUnits,
 * resource whose tokens to drain ('' = none), channel, then field/value pairs.
 * Both buckets are first brought up to now at their old rates, so a rate change never
 * re-prices time already passed; pausing drops the tokens, resuming earns from now.
 * Returns the new revision, or 'conflict' when the expected revision is not the current one.
 */
export const STEER_SCRIPT = `${REFILL}
local current = redis.call('HGET', KEYS[1], 'revision') or '0'
if ARGV[1] ~= '' and ARGV[1] ~= current then return 'conflict' end
local now = now_ms(ARGV[2])
local lease_seconds, burst_seconds, min_lease = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local old_state = redis.call('HGET', KEYS[1], 'state')
local resources = {'write', 'read'}
for i, res in ipairs(resources) do
  local rate = tonumber(redis.call('HGET', KEYS[1], res .. ':allowedRate') or '0') or 0
  local tokens, last = refilled(KEYS[i + 1], old_state == 'running' and rate or 0, now, lease_seconds, burst_seconds, min_lease)
  redis.call('HSET', KEYS[i + 1], 'tokens', tostring(tokens), 'lastMs', tostring(now))
end
for i = 8, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
local new_state = redis.call('HGET', KEYS[1], 'state')
for i, res in ipairs(resources) do
  if new_state ~= 'running' then
    redis.call('HSET', KEYS[i + 1], 'tokens', '0')
  elseif ARGV[6] == res then
    local tokens = tonumber(redis.call('HGET', KEYS[i + 1], 'tokens') or '0') or 0
    redis.call('HSET', KEYS[i + 1], 'tokens', tostring(math.min(0, tokens)))
  end
end
local revision = redis.call('HINCRBY', KEYS[1], 'revision', 1)
redis.call('PUBLISH', ARGV[7], tostring(revision))
return tostring(revision)
`;
