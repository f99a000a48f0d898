-- wrk script for bench/api/run: GET /api/workers/{cccd} of random people, optionally mixed with
-- PUT /api/workers/{cccd} of records the writing user may change, optionally paced.
--
-- Environment:
--   READS=FILE         one CCCD per line; GETs pick one at random
--   READ_TOKEN=T       bearer token of the reading user
--   WRITES=FILE        (mix) lines "cccd<TAB>json-before-job_title-value<TAB>json-after-it":
--                      the record as GET returned it, without "version", cut around the value
--                      of "job_title"
--   WRITE_TOKEN=T      (mix) bearer token of the writing user
--   WRITE_EVERY=N      (mix) every Nth request of a thread is a PUT (10 = a 90/10 mix); 0 = none
--   RUN_ID=S           makes each PUT's job_title unique across runs on a kept database
--   RATE=R             total requests/s over all threads (0 or unset = as fast as possible)
--   THREADS=N          wrk's -t (the pacing splits RATE between threads)
--
-- Pacing (from bench/http-choice/pace.lua; wrk2 is not packaged in Debian): each thread hands
-- out send slots at RATE/THREADS per second; a connection waits in delay() for the next free
-- slot. Latency is wrk's service latency (request written -> response read); a server that
-- cannot keep up shows an achieved rate below RATE, not queueing time in the percentiles.
--
-- done() prints one line "RESULT {json}" with the counts and percentiles (microseconds).

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local function lines_of(path)
  local out = {}
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  return out
end

-- ---- main state: one per wrk process ----

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

-- ---- thread states ----

local reads, writes = {}, {}
local read_headers, write_headers
local write_every, run_id
local interval_ms, next_slot
local n = 0        -- requests issued by this thread
local w = 0        -- PUTs issued by this thread
local wi = 0       -- index into writes
-- Read back by done() through thread:get (must be globals).
gets, puts, non2xx, status_sample = 0, 0, 0, ""

function init(args)
  local tid = id or 0
  local nthreads = tonumber(os.getenv("THREADS") or "1")
  reads = lines_of(os.getenv("READS"))
  read_headers = { ["Authorization"] = "Bearer " .. os.getenv("READ_TOKEN") }
  write_every = tonumber(os.getenv("WRITE_EVERY") or "0")
  run_id = os.getenv("RUN_ID") or "0"
  if write_every > 0 then
    -- Each thread writes its own share of the records, so no two threads change one at once.
    local i = 0
    for _, line in ipairs(lines_of(os.getenv("WRITES"))) do
      if i % nthreads == tid then
        local cccd, pre, post = line:match("^([^\t]+)\t([^\t]*)\t([^\t]*)$")
        assert(cccd, "bad WRITES line")
        writes[#writes + 1] = { path = "/api/workers/" .. cccd, pre = pre, post = post }
      end
      i = i + 1
    end
    assert(#writes > 0, "no records to write for thread " .. tid)
    write_headers = {
      ["Authorization"] = "Bearer " .. os.getenv("WRITE_TOKEN"),
      ["Content-Type"] = "application/json",
    }
  end
  math.randomseed(1000 + tid)
  local rate = tonumber(os.getenv("RATE") or "0")
  if rate > 0 then interval_ms = 1000 * nthreads / rate end
end

function delay()
  if not interval_ms then return 0 end
  local t = now_ms()
  if next_slot == nil or next_slot < t - 50 then next_slot = t end -- no catch-up bursts > 50 ms
  local slot = next_slot
  next_slot = next_slot + interval_ms
  local d = slot - t
  if d < 0 then d = 0 end
  return d
end

function request()
  n = n + 1
  if write_every > 0 and n % write_every == 0 then
    w = w + 1
    puts = puts + 1
    wi = wi % #writes + 1
    local rec = writes[wi]
    -- A new job title each time, so that every PUT stores a new version.
    local title = "Thử tải " .. run_id .. " t" .. (id or 0) .. " #" .. w
    return wrk.format("PUT", rec.path, write_headers, rec.pre .. title .. rec.post)
  end
  gets = gets + 1
  return wrk.format("GET", "/api/workers/" .. reads[math.random(#reads)], read_headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if status_sample == "" then
      status_sample = tostring(status) .. " " .. string.sub(body or "", 1, 200)
    end
  end
end

-- ---- main state again, after the run ----

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

function done(summary, latency, requests)
  local g, p, bad, sample = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    g = g + t:get("gets")
    p = p + t:get("puts")
    bad = bad + t:get("non2xx")
    local s = t:get("status_sample")
    if sample == "" and s ~= nil then sample = s end
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"gets_issued":%d,"puts_issued":%d,' ..
    '"non2xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,' ..
    '"timeouts":%d,"status_errors":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"p999_us":%d,"max_us":%d,"mean_us":%.1f,"sample":%s}\n',
    summary.requests, summary.duration, g, p, bad, e.connect, e.read, e.write, e.timeout,
    e.status, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean, json_string(sample)))
end
