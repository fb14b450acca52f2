-- wrk reporting hook: prints one machine-readable line at the end of a run,
-- so run.sh does not have to parse wrk's human units ("1.02MB", "850.31us").
-- Deliberately defines no request()/response() hooks: those would disable
-- wrk's fast path and make wrk itself the bottleneck.
done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d bytes=%d err_connect=%d err_read=%d " ..
      "err_write=%d err_status=%d err_timeout=%d p50_us=%.1f p99_us=%.1f max_us=%.1f\n",
      summary.requests, summary.duration, summary.bytes, e.connect, e.read,
      e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(99), latency.max))
end
