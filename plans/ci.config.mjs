// Config shared by the shipped migration plans: the reference backend answers in tens of milliseconds, so a run
// that a defect starves is given up after 8 s instead of the default 60 s, keeping a failing step quick in CI; and a
// latency percentile must be 100 ms worse (beyond noise and +50%) to count on a shared 2-core CI machine.
export default {
  sla: { runDeadlineMs: 8_000, maxGapMs: 5_000, startSlaMs: 5_000 },
  thresholds: { latencyAbsoluteMs: 100 },
};
