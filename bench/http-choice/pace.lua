-- Rate-limited load for plain wrk (wrk2 is not packaged in Debian 12).
-- Each wrk thread hands out send slots at RATE/threads per second; every connection of the
-- thread takes the next free slot (delay() waits until it). Closed loop with a schedule: the
-- offered rate is capped at RATE, latency is wrk's service latency (send -> response), so a
-- server that falls behind shows up as an achieved rate below RATE rather than as queueing time.
-- Usage: RATE=5000 wrk -t2 -c50 -d10s --latency -s pace.lua URL
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } pace_timespec;
int clock_gettime(int clk_id, pace_timespec *tp);
]]
local ts = ffi.new("pace_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end


local interval_ms = nil
local next_slot = nil
function init(args)
  local rate = tonumber(os.getenv("RATE") or "5000")
  local threads = tonumber(os.getenv("THREADS") or "2")
  interval_ms = 1000 * threads / rate
end

function delay()
  local t = now_ms()
  if next_slot == nil or next_slot < t - 50 then next_slot = t end  -- no bursts to catch up > 50 ms
  local slot = next_slot
  next_slot = next_slot + interval_ms
  local d = slot - t
  if d < 0 then d = 0 end
  return d
end
