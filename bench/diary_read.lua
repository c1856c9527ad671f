-- wrk script for bench/api.py's read side: the newest page of each patient's diary, patients in turn.
-- bench/api.py writes `patients.lua` (patient ids, path pattern, token) and points REHAB_BENCH_SETUP at it.
dofile(os.getenv("REHAB_BENCH_SETUP"))

local counter = 1
local sent = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  sent = sent + 1
  local patient = patients[(sent * threads_total + id) % #patients + 1]
  return wrk.format("GET", string.format(path, patient))
end

function done(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "non_2xx": %d, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
