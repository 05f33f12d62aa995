import { percentile } from './report';

export interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/**
 * Runs `task` from `concurrency` loops for `durationMs` (after a short warm-up) and measures
 * each call. Bounded in time and count so a benchmark always ends by itself.
 */
export async function runLoad(
  concurrency: number,
  task: (worker: number, i: number) => Promise<boolean>,
  options: { durationMs?: number; warmupMs?: number; maxRequests?: number } = {},
): Promise<LoadResult> {
  const durationMs = options.durationMs ?? 5000;
  const maxRequests = options.maxRequests ?? 1_000_000;
  const warmupEnd = Date.now() + (options.warmupMs ?? 500);
  while (Date.now() < warmupEnd) await task(0, -1);

  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const begin = process.hrtime.bigint();
  const end = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (Date.now() < end && started < maxRequests) {
        const i = started++;
        const t0 = process.hrtime.bigint();
        let ok = false;
        try {
          ok = await task(worker, i);
        } catch {
          ok = false;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (!ok) errors++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    requests: latencies.length,
    errors,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p95Ms: Number(percentile(latencies, 95).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}
