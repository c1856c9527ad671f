-- wrk script for bench/api.py: diary entries for a clinic's patients, each with a fresh client id.
-- bench/api.py writes `patients.lua` (the list of patient ids, the path pattern, the token and the
-- date) and points REHAB_BENCH_SETUP at it.
dofile(os.getenv("REHAB_BENCH_SETUP"))

local counter = 1
local threads = {}
local sent = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(id * 7919 + os.time())
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

local function uuid4()
  local template = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (string.gsub(template, "[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

function request()
  sent = sent + 1
  local patient = patients[(sent * threads_total + id) % #patients + 1]
  local body = string.format('{"id": "%s", "date": "%s", "pain": %d, "pain_next_morning": 4, "sleep_hours": 7}',
                              uuid4(), today, 3 + sent % 4)
  return wrk.format(nil, string.format(path, patient), nil, body)
end

function done(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "non_2xx": %d, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
