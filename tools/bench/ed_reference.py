#!/usr/bin/env python3
"""Independent pure-Python reference for benchmark Model B, the emergency
department (`ed`) model of MODELS.md.

Written from the specification only (no code shared with the C++ bench) as a
small event-scheduling simulation: one heap of (time, seq, kind, patient)
events, two non-preemptive priority queues and a few counters. Standard
library only.

Usage: python3 tools/bench/ed_reference.py [--reps N] [--seed S]
Replication r (r = 0..N-1) uses random.Random(seed + r).

Standard errors (all between-replication, so they include the dependence
between patients of the same replication):
  mean_tid_se  sd of the per-replication mean time in department / sqrt(N)
  over4h_se    sd of the per-replication share > 240 min / sqrt(N)
  p95_tid_se   batching over replications: the N replications are split
               into B = min(20, N) consecutive batches, the type-7 p95 is
               computed within each batch, SE = sd(batch p95s) / sqrt(B).
"""
import argparse
import heapq
import math
import random
import statistics
import time

T = 2880.0  # horizon: 48 h in minutes, t = 0 is midnight of day 1

# Hourly arrival rate lambda(h), patients per hour, h = hour of day.
RATE = [8, 7, 6, 5.5, 5, 5.5, 7, 9, 12, 15, 18, 19.5,
        20, 19.5, 18, 16.5, 15, 14, 13.5, 13, 12, 11, 10, 8]
RATE_MAX = 20.0               # lambda_max per hour ...
RATE_MAX_MIN = RATE_MAX / 60  # ... = 1/3 per minute

# Lognormal parameters of the underlying normal (from the spec).
CONS_MU, CONS_SIGMA = math.log(35) - math.log(1 + (20 / 35) ** 2) / 2, \
    math.sqrt(math.log(1 + (20 / 35) ** 2))   # mean 35, sd 20 -> 3.41406, 0.53157
CLERK_MU, CLERK_SIGMA = math.log(30) - math.log(1 + (10 / 30) ** 2) / 2, \
    math.sqrt(math.log(1 + (10 / 30) ** 2))   # mean 30, sd 10 -> 3.34852, 0.32459

N_WARD = 3                                     # ward doctors, 24/7
SHIFT_CHANGES = [(480.0, 10), (1200.0, 6), (1920.0, 10), (2640.0, 6)]
C_INITIAL = 6                                  # ED doctors at t = 0 (night)

# Event kinds
ARRIVAL, CONS_END, CLERK_END, SHIFT = range(4)


def hour_of_day(t):
    return int(t // 60) % 24


def next_arrival(rng, s):
    """Lewis-Shedler thinning: candidates at rate lambda_max, accepted with
    probability lambda(h(s)) / lambda_max. Rejections are not events."""
    while True:
        s += rng.expovariate(RATE_MAX_MIN)
        if rng.random() < RATE[hour_of_day(s)] / RATE_MAX:
            return s


def replicate(rng):
    """One replication over [0, T). Returns (events, arrived, tids) where tids
    lists the time in department of every patient departing before T."""
    events = 0
    arrived = 0
    tids = []
    heap = []        # future events: (time, seq, kind, payload)
    seq = 0          # tie-breaker for the heap and FIFO order in the queues

    def schedule(t, kind, payload=None):
        nonlocal seq
        seq += 1
        heapq.heappush(heap, (t, seq, kind, payload))

    # Queues hold (priority, time joined, seq, patient): smallest priority
    # number first, FIFO by joining time within a priority class.
    ed_queue, ward_queue = [], []
    c = C_INITIAL        # ED doctors on duty, c(t)
    ed_busy = 0          # ED doctors currently consulting
    ward_busy = 0        # ward doctors currently clerking

    def start_ed(now):
        # A consultation may start only while busy < c(t).
        nonlocal ed_busy, events
        while ed_queue and ed_busy < c:
            patient = heapq.heappop(ed_queue)[3]
            ed_busy += 1
            events += 1  # consultation start
            schedule(now + rng.lognormvariate(CONS_MU, CONS_SIGMA),
                     CONS_END, patient)

    def start_ward(now):
        nonlocal ward_busy, events
        while ward_queue and ward_busy < N_WARD:
            patient = heapq.heappop(ward_queue)[3]
            ward_busy += 1
            events += 1  # clerking start
            schedule(now + rng.lognormvariate(CLERK_MU, CLERK_SIGMA),
                     CLERK_END, patient)

    schedule(next_arrival(rng, 0.0), ARRIVAL)
    for t_change, c_new in SHIFT_CHANGES:
        schedule(t_change, SHIFT, c_new)

    while heap and heap[0][0] < T:    # only events with time < T happen
        now, _, kind, payload = heapq.heappop(heap)
        events += 1
        if kind == ARRIVAL:
            arrived += 1
            u = rng.random()          # triage: P1 0.10, P2 0.40, P3 0.50
            priority = 1 if u < 0.10 else (2 if u < 0.50 else 3)
            admitted = rng.random() < 0.30
            patient = (now, priority, admitted)
            seq += 1
            heapq.heappush(ed_queue, (priority, now, seq, patient))
            start_ed(now)
            schedule(next_arrival(rng, now), ARRIVAL)  # processed only if < T
        elif kind == CONS_END:
            ed_busy -= 1
            arrival_time, priority, admitted = payload
            if admitted:              # on to the ward doctors
                seq += 1
                heapq.heappush(ward_queue, (priority, now, seq, payload))
                start_ward(now)
            else:                     # leaves the department
                tids.append(now - arrival_time)
            # Finish-the-job rule: next patient only if busy < c(t); a doctor
            # finishing while busy >= c goes off duty instead.
            start_ed(now)
        elif kind == CLERK_END:
            ward_busy -= 1
            tids.append(now - payload[0])
            start_ward(now)
        else:                         # SHIFT: capacity change of the ED pool
            c = payload
            start_ed(now)             # if c went up, fill the new slots
    return events, arrived, tids


def p95(sorted_x):
    """95th percentile, numpy default / R type 7: h = (n-1)*0.95."""
    h = (len(sorted_x) - 1) * 0.95
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_x) - 1)
    return sorted_x[lo] + (h - lo) * (sorted_x[hi] - sorted_x[lo])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=12345)
    args = ap.parse_args()
    n = args.reps

    t0 = time.perf_counter()
    events = arrived = 0
    pooled = []                   # all departed patients' tid, all reps
    rep_means, rep_over = [], []  # per-replication mean tid and share > 4 h
    rep_tids = []
    for r in range(n):
        e, a, tids = replicate(random.Random(args.seed + r))
        events += e
        arrived += a
        pooled.extend(tids)
        rep_tids.append(tids)
        rep_means.append(statistics.fmean(tids) if tids else 0.0)
        rep_over.append(sum(x > 240 for x in tids) / len(tids) if tids else 0.0)

    departed = len(pooled)
    mean_tid = math.fsum(pooled) / departed
    over4h = sum(x > 240 for x in pooled) / departed
    p95_tid = p95(sorted(pooled))
    sd = statistics.stdev if n > 1 else (lambda v: float("nan"))
    mean_se = sd(rep_means) / math.sqrt(n)
    over_se = sd(rep_over) / math.sqrt(n)
    # Batch-based SE of the pooled p95 (see module docstring).
    b = min(20, n)
    batch_p95 = [p95(sorted(x for tids in rep_tids[i * n // b:(i + 1) * n // b]
                            for x in tids)) for i in range(b)]
    p95_se = sd(batch_p95) / math.sqrt(b)
    seconds = time.perf_counter() - t0

    print(f"ed_reference replications={n} events={events} arrived={arrived} "
          f"departed={departed} mean_tid={mean_tid:.3f} mean_tid_se={mean_se:.3f} "
          f"p95_tid={p95_tid:.3f} p95_tid_se={p95_se:.3f} over4h={over4h:.5f} "
          f"over4h_se={over_se:.5f} seconds={seconds:.2f} "
          f"events_per_s={events / seconds:.0f}")


if __name__ == "__main__":
    main()
