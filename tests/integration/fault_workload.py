"""The load the fault suite (test_faults.py) keeps on s3-multi while a fault is injected, and the
tallies it keeps: every read of a key known to exist, every PUT and what became of it.

- readers read keys held by the faulty backend AND another one ("redundant": a read must
  succeed, quickly) and keys only the faulty backend holds ("sole": it may fail with 503 while
  that backend is away, but a 404 is a lie);
- a writer PUTs fresh keys (never overwrites, so a PUT that timed out but landed later cannot
  look like a lost one) and remembers what was acknowledged;
- verify_writes() reads every acknowledged PUT back, through the gateway and from the primary.

A read whose body is shorter than its Content-Length or differs from the object is counted as
`short` when the client was NOT told (no error): that is the one outcome that must never happen;
a reset connection is a plain failure.
"""

import collections
import hashlib
import os
import random
import statistics
import threading
import time

from botocore.exceptions import BotoCoreError, ClientError

NOT_FOUND = {"NoSuchKey", "NoSuchBucket", "404"}


def quantile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def error_name(e):
    if isinstance(e, ClientError):
        err = e.response.get("Error", {})
        status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return "{} {}".format(status, err.get("Code"))
    return type(e).__name__


def is_not_found(e):
    if not isinstance(e, ClientError):
        return False
    status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return status == 404 or e.response.get("Error", {}).get("Code") in NOT_FOUND


class Tally:
    """Outcomes of one kind of read (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ok = 0
        self.failed = 0
        self.false_404 = 0
        self.short = 0
        self.latencies = []  # seconds, every read (ok or not): a read that fails slowly costs too
        self.errors = collections.Counter()
        self.served_by = collections.Counter()

    def add(self, seconds, outcome, detail=None, backend=None):
        with self.lock:
            self.latencies.append(seconds)
            if outcome == "ok":
                self.ok += 1
                self.served_by[backend] += 1
                return
            self.failed += 1
            self.errors[detail] += 1
            if outcome == "404":
                self.false_404 += 1
            elif outcome == "short":
                self.short += 1

    @property
    def count(self):
        return self.ok + self.failed

    def p(self, q):
        return quantile(self.latencies, q)

    def summary(self):
        return "{} ok / {} failed, p50 {:.0f} ms p99 {:.0f} ms max {:.0f} ms; errors {}".format(
            self.ok, self.failed, 1000 * self.p(0.5), 1000 * self.p(0.99),
            1000 * max(self.latencies or [float("nan")]), dict(self.errors))


def read_once(client, bucket, key, expected, tally):
    start = time.monotonic()
    try:
        r = client.get_object(Bucket=bucket, Key=key)
        backend = r["ResponseMetadata"]["HTTPHeaders"].get("x-s3cascade-backend")
        body = r["Body"].read()
    except ClientError as e:
        tally.add(time.monotonic() - start, "404" if is_not_found(e) else "error", error_name(e))
        return
    except (BotoCoreError, OSError) as e:  # a broken connection: the client knows
        tally.add(time.monotonic() - start, "error", error_name(e))
        return
    elapsed = time.monotonic() - start
    if body != expected:
        # Delivered as if complete, and wrong: the lie the resume logic must never tell.
        tally.add(elapsed, "short", "short body {} of {}".format(len(body), len(expected)))
    else:
        tally.add(elapsed, "ok", backend=backend)


class Workload:
    """Threads reading and writing through the gateway until stop()."""

    def __init__(self, make_client, bucket, redundant, sole, write_prefix, readers=2,
                 pace=0.02, write_sizes=(1024, 32 * 1024)):
        self.make_client = make_client
        self.bucket = bucket
        self.redundant = list(redundant.items())
        self.sole = list(sole.items())
        self.write_prefix = write_prefix
        self.readers = readers
        self.pace = pace  # seconds between requests of one thread: keeps 2 cores usable
        self.write_sizes = write_sizes
        self.stopping = threading.Event()
        self.reads = Tally()
        self.sole_reads = Tally()
        self.acked = {}  # key -> sha256 of what a 200 PUT answer acknowledged
        self.writes_failed = collections.Counter()
        self.write_log = []  # (monotonic start, seconds, error name or None)
        self.lock = threading.Lock()
        self.threads = []
        self.crashed = []

    def start(self):
        jobs = [self._reader] * self.readers
        if self.sole:
            jobs.append(self._sole_reader)
        if self.write_prefix:
            jobs.append(self._writer)
        for i, job in enumerate(jobs):
            t = threading.Thread(target=self._guard, args=(job, i), daemon=True)
            t.start()
            self.threads.append(t)
        return self

    def run_for(self, seconds):
        """The fault window: the load goes on meanwhile; returns early if a thread crashed."""
        self.stopping.wait(seconds)
        if self.crashed:
            raise AssertionError("workload thread crashed: {}".format(self.crashed[0]))

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=60)
        alive = [t for t in self.threads if t.is_alive()]
        if alive or self.crashed:
            raise AssertionError("workload did not stop cleanly: {} alive, {}".format(
                len(alive), self.crashed[:1]))
        return self

    def _guard(self, job, seed):
        try:
            job(random.Random(seed), self.make_client())
        except Exception as e:  # noqa: BLE001 - reported by run_for/stop
            self.crashed.append(repr(e))

    def _reader(self, rnd, client):
        items = self.redundant[:]
        rnd.shuffle(items)
        i = 0
        while not self.stopping.is_set():
            key, data = items[i % len(items)]
            i += 1
            read_once(client, self.bucket, key, data, self.reads)
            self.stopping.wait(self.pace)

    def _sole_reader(self, rnd, client):
        i = rnd.randrange(len(self.sole))
        while not self.stopping.is_set():
            key, data = self.sole[i % len(self.sole)]
            i += 1
            read_once(client, self.bucket, key, data, self.sole_reads)
            self.stopping.wait(self.pace)

    def _writer(self, rnd, client):
        n = 0
        while not self.stopping.is_set():
            key = "{}/{:05d}".format(self.write_prefix, n)
            n += 1
            body = os.urandom(rnd.randint(*self.write_sizes))
            start = time.monotonic()
            try:
                client.put_object(Bucket=self.bucket, Key=key, Body=body)
            except (ClientError, BotoCoreError, OSError) as e:
                with self.lock:
                    self.writes_failed[error_name(e)] += 1
                    self.write_log.append((start, time.monotonic() - start, error_name(e)))
            else:
                with self.lock:
                    self.acked[key] = hashlib.sha256(body).hexdigest()
                    self.write_log.append((start, time.monotonic() - start, None))
            self.stopping.wait(self.pace * 2)

    def writes_failed_since(self, moment):
        """Failed PUTs that started at or after `moment` (time.monotonic())."""
        with self.lock:
            return [e for t, _, e in self.write_log if e and t >= moment]

    def write_summary(self):
        with self.lock:
            times = [d for _, d, _ in self.write_log]
        return "{} acked, failed {}, p50 {:.0f} ms max {:.0f} ms".format(
            len(self.acked), dict(self.writes_failed), 1000 * quantile(times, 0.5),
            1000 * max(times or [float("nan")]))


def verify_writes(acked, bucket, clients):
    """Every acknowledged PUT, read back from each of `clients` (name -> boto3 client);
    returns {key: reason} of those lost or changed."""
    lost = {}
    for key, digest in sorted(acked.items()):
        for name, client in clients.items():
            try:
                body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
            except (ClientError, BotoCoreError, OSError) as e:
                lost[key] = "{}: {}".format(name, error_name(e))
                break
            if hashlib.sha256(body).hexdigest() != digest:
                lost[key] = "{}: other bytes ({} bytes)".format(name, len(body))
                break
    return lost


def median_ms(values):
    return 1000 * statistics.median(values) if values else float("nan")
