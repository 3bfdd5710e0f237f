package io.tributary.runtime.worker;

/**
 * The Lua script that runs all Redis operations of one record atomically. Redis runs a script
 * without interleaving other commands, so "dedupe marker set" and "the record's writes done"
 * are one step: a process killed at any point leaves either both or neither, and a replayed
 * record is recognised by its marker and skipped without double counting.
 *
 * <p>ARGV is a sequence of ops; KEYS holds each op's key in op order. Ops:
 * <ul>
 *   <li>{@code C value ttlMs} cacheLatest: {@code SET key value [PX ttl] GET}; result 1 when the
 *       key existed (cache hit), 0 when new</li>
 *   <li>{@code P channel message} publish (the channel is not a key); result the receiver count</li>
 *   <li>{@code X maxLen data correlationId} enqueue: {@code XADD key MAXLEN ~ maxLen * data ...}</li>
 *   <li>{@code A count n name1 amount1 ... nameN amountN} aggregate: {@code HINCRBY key count 1},
 *       {@code HINCRBYFLOAT key sum_<name> amount}</li>
 *   <li>{@code D ttlMs} dedupe: {@code SET key 1 NX [PX ttl]}; when the key existed the script
 *       appends -1 and stops (the rest of the chain is skipped)</li>
 *   <li>{@code L maxLen value} store: {@code LPUSH key value}, {@code LTRIM key 0 maxLen-1}</li>
 * </ul>
 * Returns one integer per op executed.
 */
final class RedisChainScript {
  private RedisChainScript() {}

  static final String CACHE_LATEST = "C";
  static final String PUBLISH = "P";
  static final String ENQUEUE = "X";
  static final String AGGREGATE = "A";
  static final String DEDUPE = "D";
  static final String STORE = "L";
  /** Script result of a dedupe op that found its key: the record is a duplicate. */
  static final long DUPLICATE = -1;

  static final String SOURCE = String.join("\n",
      "local results = {}",
      "local k = 1",
      "local i = 1",
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
      "      redis.call('HINCRBYFLOAT', KEYS[k], 'sum_' .. ARGV[i + 3 + 2 * s], ARGV[i + 4 + 2 * s])",
      "    end",
      "    results[#results + 1] = 1",
      "    k = k + 1; i = i + 3 + 2 * sums",
      "  elseif op == 'D' then",
      "    local ttl = tonumber(ARGV[i + 1])",
      "    local fresh",
      "    if ttl > 0 then fresh = redis.call('SET', KEYS[k], '1', 'NX', 'PX', ttl)",
      "    else fresh = redis.call('SET', KEYS[k], '1', 'NX') end",
      "    if not fresh then results[#results + 1] = -1; return results end",
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
      "return results");
}
