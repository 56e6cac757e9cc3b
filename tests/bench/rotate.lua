-- wrk script: rotates GET requests over the request targets listed in a file, one per line
-- (for s3cascade presigned "/bucket/key?X-Amz-..." targets, for nginx plain "/bucket/key").
-- Usage: wrk -t2 -c16 -d10s -s rotate.lua http://127.0.0.1:PORT -- targets.txt
-- At the end it prints one line "BENCH_JSON {...}" that bench.py parses.

local targets = {}
local index = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open targets file " .. tostring(args[1]))
  for line in file:lines() do
    if #line > 0 then
      targets[#targets + 1] = line
    end
  end
  file:close()
  assert(#targets > 0, "no request targets in " .. args[1])
  -- Threads start at different offsets so they do not request the same object in lockstep.
  index = math.random(#targets) - 1
end

function request()
  index = index % #targets + 1
  return wrk.format("GET", targets[index])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "bytes": %d, "rps": %.1f, "mbps": %.2f, ' ..
    '"p50_ms": %.3f, "p99_ms": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.bytes, summary.requests / seconds,
    summary.bytes / seconds / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
