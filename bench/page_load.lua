-- wrk script for bench/pages.py: one page, asked again and again with a login cookie.
-- bench/pages.py points REHAB_BENCH_SETUP at a file setting `path` and `cookie` (empty for none).
dofile(os.getenv("REHAB_BENCH_SETUP"))

function init(args)
  if cookie ~= "" then
    wrk.headers["Cookie"] = cookie
  end
end

function request()
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "non_2xx": %d, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
