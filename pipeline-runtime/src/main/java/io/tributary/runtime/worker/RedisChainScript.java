package io.tributary.runtime.worker;

/**
 * The Lua script that runs all Redis operations of one record atomically. Redis runs a script
 * without interleaving other commands, so "dedupe marker set" and "the record's writes done"
 * are one step: a process killed at any point leaves either both or neither, and a replayed
 * record is recognised by its marker and skipped without double counting.
 *
 * <p>{@code KEYS[1..2]} and {@code ARGV[1..4]} are the {@link ReplayGuard} header: a record whose
 * effects were applied before returns {@code {-2}} and writes nothing. From {@code ARGV[5]} on,
 * ARGV is a sequence of ops; from {@code KEYS[3]} on, KEYS holds each op's key in op order. Ops:
 * <ul>
 *   <li>{@code C value ttlMs} cacheLatest: {@code SET key value [PX ttl] GET}; result 1 when the
 *       key existed (cache hit), 0 when new</li>
 *   <li>{@code P channel message} publish (the channel is not a key); result the receiver count</li>
 *   <li>{@code Q channel message} publish on a Redis Cluster: {@code SPUBLISH}, sharded pub/sub
 *       (Redis 7.0); the channel is in the slot of the script's keys; result the receiver count</li>
 *   <li>{@code X maxLen data correlationId} enqueue: {@code XADD key MAXLEN ~ maxLen * data ...}</li>
 *   <li>{@code A count n name1 amount1 ... nameN amountN} aggregate: {@code HINCRBY key count 1},
 *       {@code HSET key sum_<name> (old + amount)} added exactly as decimals ({@link ExactSums})</li>
 *   <li>{@code D ttlMs} dedupe: {@code SET key 1 NX [PX ttl]}; when the key existed the script
 *       appends -1 and stops (the rest of the chain is skipped)</li>
 *   <li>{@code L maxLen value} store: {@code LPUSH key value}, {@code LTRIM key 0 maxLen-1}</li>
 * </ul>
 * Returns one integer per op executed. Every op is checked before the first write (see
 * {@link #PREFLIGHT}): a record either applies whole, its replay mark included, or not at all.
 *
 * <p>Aggregate limits: a {@code sum_<name>} field must hold a plain decimal and stay within
 * {@link ExactSums}' digits; {@code count} must stay below {@code 9223372036854775000}, 807 short of the largest 64-bit
 * integer, so that a chain of up to 807 aggregates on one key cannot overflow {@code HINCRBY}
 * (Lua's doubles cannot tell the last values below it apart, the text comparison can).
 */
final class RedisChainScript {
  private RedisChainScript() {}

  static final String CACHE_LATEST = "C";
  static final String PUBLISH = "P";
  static final String SHARDED_PUBLISH = "Q";
  static final String ENQUEUE = "X";
  static final String AGGREGATE = "A";
  static final String DEDUPE = "D";
  static final String STORE = "L";
  /** Script result of a dedupe op that found its key: the record is a duplicate. */
  static final long DUPLICATE = -1;

  /**
   * Checks every op before the first write: Redis does not roll a script back, so an error in the
   * middle (a key of another type, a hash field that is not a number, a sum or count that would
   * overflow) would leave the ops before it applied, the dedupe marker among them, and the retried
   * record would then pass for a duplicate. Stops at a dedupe op whose key exists, as the run does.
   * A hash field is taken as Redis takes it: {@code HINCRBY} wants a 64-bit integer without
   * leading zeros or spaces; a sum field must be a plain decimal ({@code 1.5}, not {@code 1.5e3}
   * nor {@code " 5"}).
   */
  private static final String PREFLIGHT = String.join("\n",
      "local function wrong(key, want, what)",
      "  local t = redis.call('TYPE', key)['ok']",
      "  if t ~= 'none' and t ~= want then",
      "    return 'WRONGTYPE ' .. what .. ': key ' .. key .. ' holds a ' .. t .. ', not a ' .. want",
      "  end",
      "  return nil",
      "end",
      "local function integer(key, field, what)",
      "  local v = redis.call('HGET', key, field)",
      "  if not v then return nil end",
      "  local negative = string.sub(v, 1, 1) == '-'",
      "  local digits = string.match(v, '^%-?([1-9]%d*)$') or (v == '0' and '0')",
      "  local largest = negative and '9223372036854775808' or '9223372036854775807'",
      "  if not digits or #digits > 19 or (#digits == 19 and digits > largest) then",
      "    return 'NOTNUMERIC ' .. what .. ': field ' .. field .. ' of ' .. key .. ' holds ' .. v",
      "  end",
      "  if not negative and #digits == 19 and digits >= '9223372036854775000' then",
      "    return 'OVERFLOW ' .. what .. ': field ' .. field .. ' of ' .. key .. ' holds ' .. v",
      "      .. '; counting on goes beyond the largest 64-bit integer'",
      "  end",
      "  return nil",
      "end",
      "local planned = {}",
      "local function addable(key, field, amount, what)",
      "  local a = decimal(amount)",
      "  if not a then return 'NOTNUMERIC ' .. what .. ': ' .. amount .. ' is not a plain decimal number' end",
      "  planned[key] = planned[key] or {}",
      "  local v = planned[key][field]",
      "  if v == nil then",
      "    local shown = redis.call('HGET', key, field) or '0'",
      "    v = decimal(shown)",
      "    if not v then",
      "      return 'NOTNUMERIC ' .. what .. ': field ' .. field .. ' of ' .. key .. ' holds ' .. shown",
      "        .. ', not a plain decimal number'",
      "    end",
      "    v.text = shown",
      "  end",
      "  local sum, ints, fracs = add_decimal(v, a)",
      "  if ints > MAX_INTEGER_DIGITS then",
      "    return 'OVERFLOW ' .. what .. ': field ' .. field .. ' of ' .. key .. ' holds ' .. v.text",
      "      .. '; adding ' .. amount .. ' gives more than ' .. MAX_INTEGER_DIGITS .. ' digits before the decimal point'",
      "  end",
      "  if fracs > MAX_FRACTION_DIGITS then",
      "    return 'PRECISION ' .. what .. ': field ' .. field .. ' of ' .. key .. ' holds ' .. v.text",
      "      .. '; adding ' .. amount .. ' gives more than ' .. MAX_FRACTION_DIGITS .. ' digits after the decimal point'",
      "  end",
      "  planned[key][field] = decimal(sum)",
      "  planned[key][field].text = sum",
      "  return nil",
      "end",
      "local function preflight()",
      "  local k = 3",
      "  local i = 5",
      "  while i <= #ARGV do",
      "    local op = ARGV[i]",
      "    local err",
      "    if op == 'C' then err = wrong(KEYS[k], 'string', 'cacheLatest'); k = k + 1; i = i + 3",
      "    elseif op == 'P' or op == 'Q' then i = i + 3",
      "    elseif op == 'X' then err = wrong(KEYS[k], 'stream', 'enqueue'); k = k + 1; i = i + 4",
      "    elseif op == 'A' then",
      "      err = wrong(KEYS[k], 'hash', 'aggregate')",
      "      if not err and ARGV[i + 1] == '1' then err = integer(KEYS[k], 'count', 'aggregate') end",
      "      local sums = tonumber(ARGV[i + 2])",
      "      for s = 0, sums - 1 do",
      "        if not err then err = addable(KEYS[k], 'sum_' .. ARGV[i + 3 + 2 * s], ARGV[i + 4 + 2 * s], 'aggregate') end",
      "      end",
      "      k = k + 1; i = i + 3 + 2 * sums",
      "    elseif op == 'D' then",
      "      if redis.call('EXISTS', KEYS[k]) == 1 then return nil end",
      "      k = k + 1; i = i + 2",
      "    elseif op == 'L' then err = wrong(KEYS[k], 'list', 'store'); k = k + 1; i = i + 3",
      "    else return 'unknown op ' .. tostring(op) end",
      "    if err then return err end",
      "  end",
      "  return nil",
      "end");

  static final String SOURCE = String.join("\n",
      ReplayGuard.LUA,
      ExactSums.LUA,
      PREFLIGHT,
      "local problem = preflight()",
      "if problem then return redis.error_reply(problem) end",
      "local results = {}",
      "local k = 3",
      "local i = 5",
      "local n = #ARGV",
      "while i <= n do",
      "  local op = ARGV[i]",
      "  if op == 'C' then",
      "    local ttl = tonumber(ARGV[i + 2])",
      "    local old",
      "    if ttl > 0 then old = redis.call('SET', KEYS[k], ARGV[i + 1], 'PX', ttl, 'GET')",
      "    else old = redis.call('SET', KEYS[k], ARGV[i + 1], 'GET') end",
      "    if old then results[#results + 1] = 1 else results[#results + 1] = 0 end",
      "    k = k + 1; i = i + 3",
      "  elseif op == 'P' then",
      "    results[#results + 1] = redis.call('PUBLISH', ARGV[i + 1], ARGV[i + 2])",
      "    i = i + 3",
      "  elseif op == 'Q' then",
      "    results[#results + 1] = redis.call('SPUBLISH', ARGV[i + 1], ARGV[i + 2])",
      "    i = i + 3",
      "  elseif op == 'X' then",
      "    if ARGV[i + 3] ~= '' then",
      "      redis.call('XADD', KEYS[k], 'MAXLEN', '~', ARGV[i + 1], '*', 'data', ARGV[i + 2], 'correlation_id', ARGV[i + 3])",
      "    else",
      "      redis.call('XADD', KEYS[k], 'MAXLEN', '~', ARGV[i + 1], '*', 'data', ARGV[i + 2])",
      "    end",
      "    results[#results + 1] = 1",
      "    k = k + 1; i = i + 4",
      "  elseif op == 'A' then",
      "    if ARGV[i + 1] == '1' then redis.call('HINCRBY', KEYS[k], 'count', 1) end",
      "    local sums = tonumber(ARGV[i + 2])",
      "    for s = 0, sums - 1 do",
      "      local field = 'sum_' .. ARGV[i + 3 + 2 * s]",
      "      local old = decimal(redis.call('HGET', KEYS[k], field) or '0')",
      "      redis.call('HSET', KEYS[k], field, (add_decimal(old, decimal(ARGV[i + 4 + 2 * s]))))",
      "    end",
      "    results[#results + 1] = 1",
      "    k = k + 1; i = i + 3 + 2 * sums",
      "  elseif op == 'D' then",
      "    local ttl = tonumber(ARGV[i + 1])",
      "    local fresh",
      "    if ttl > 0 then fresh = redis.call('SET', KEYS[k], '1', 'NX', 'PX', ttl)",
      "    else fresh = redis.call('SET', KEYS[k], '1', 'NX') end",
      "    if not fresh then results[#results + 1] = -1; break end",
      "    results[#results + 1] = 1",
      "    k = k + 1; i = i + 2",
      "  elseif op == 'L' then",
      "    redis.call('LPUSH', KEYS[k], ARGV[i + 2])",
      "    redis.call('LTRIM', KEYS[k], 0, tonumber(ARGV[i + 1]) - 1)",
      "    results[#results + 1] = 1",
      "    k = k + 1; i = i + 3",
      "  else",
      "    return redis.error_reply('unknown op ' .. tostring(op))",
      "  end",
      "end",
      "mark()",
      "return results");

  /** Script result entry (first element) of a record whose script failed inside {@link #BATCH_SOURCE}. */
  static final String FAILED = "E";

  /** Most records in one call of {@link #BATCH_SOURCE}: bounds how long one call holds Redis. */
  static final int RECORDS_PER_CALL = 100;

  /**
   * {@link #SOURCE} for several records in one call, on one Redis server: {@code ARGV[1]} is the
   * record count {@code n}, {@code ARGV[2r]} and {@code ARGV[2r+1]} record {@code r}'s number of
   * keys and of args, then every record's args in order (each as {@link #SOURCE} takes them), and
   * KEYS every record's keys in order. Each record runs as its own call of {@link #SOURCE} would,
   * in order, with its own protected call: its error (an error reply, or a command that fails)
   * becomes its result {@code {"E", message}} and the records after it still run, as they would
   * as separate calls. Returns one result list per record.
   *
   * <p>Why: a call costs Redis about 4 µs of its own beside the record's commands (the bench's
   * Redis CPU per record), and the client a command; one call per hundred records spends that
   * once. Not on a Redis Cluster, where a call's keys share one slot.
   */
  static final String BATCH_SOURCE = String.join("\n",
      "local function apply_record(KEYS, ARGV)",
      SOURCE,
      "end",
      "local n = tonumber(ARGV[1])",
      "local out = {}",
      "local k, a = 0, 1 + 2 * n",
      "for r = 1, n do",
      "  local nk, na = tonumber(ARGV[2 * r]), tonumber(ARGV[2 * r + 1])",
      "  local keys, args = {}, {}",
      "  for j = 1, nk do keys[j] = KEYS[k + j] end",
      "  for j = 1, na do args[j] = ARGV[a + j] end",
      "  k = k + nk",
      "  a = a + na",
      "  local ok, res = pcall(apply_record, keys, args)",
      "  if type(res) == 'table' and res.err then",
      "    out[r] = {'" + FAILED + "', res.err}",
      "  elseif not ok then",
      "    out[r] = {'" + FAILED + "', tostring(res)}",
      "  else",
      "    out[r] = res",
      "  end",
      "end",
      "return out");
}
