#!/usr/bin/env python3
"""Summarises a CPU or thread-time profile of `dealer serve` by area of the request path.

Two inputs:
  * `perf script` text of `perf record -g -p <pid>` with the server started under DOTNET_PerfMapEnabled=1: on-CPU
    samples of every thread, managed and native (SQLite, libsodium, kernel), so the areas are shares of CPU time;
  * a speedscope export of `dotnet-trace collect --profile dotnet-sampled-thread-time --format Speedscope`: thread
    time, which includes waiting threads, so time is split first into running and waiting (native code under a known
    wait, socket poll or semaphore frame counts as waiting); time in native code under SQLite (lock waits and fsync
    included) counts as running, which is why the perf profile is the one for CPU shares.
Each sample is attributed to the area of the innermost frame of its stack that matches one. Prints the areas' shares,
the top self frames and the top inclusive frames.

    python3 bench/profile-summary.py perf.txt|trace.speedscope.json [--top 25]
"""
import json
import sys
from collections import Counter

# Areas, most specific first: the innermost matching frame of a stack decides (checked leaf to root).
AREAS = [
    ("Ed25519 (sign/verify)", ["NSec.", "Ed25519", "libsodium", "crypto_sign"]),
    ("SHA-256 (CIDs, aggregate)", ["libSystem.Security.Cryptography.Native", "libcrypto", "SHA256", "Sha256"]),
    ("aggregate (FRC-0058)", ["Dealer.Ucan.Filecoin.", "OfferCheck"]),
    ("SQLite", ["Microsoft.Data.Sqlite", "SQLitePCL", "Dealer.Store.Embedded.Sqlite", "libe_sqlite3"]),
    ("offer files", ["Dealer.Store.Embedded.EmbeddedFiles", "System.IO.FileStream", "System.IO.RandomAccess", "System.IO.Strategies"]),
    ("logging", ["Microsoft.Extensions.Logging"]),
    ("CAR decode", ["Dealer.Ucan.Transport.CarDecoder", "Dealer.Ucan.Transport.Car.Decode"]),
    ("CAR encode", ["Dealer.Ucan.Transport.Car.Encode", "Dealer.Ucan.Transport.CarWriter"]),
    ("receipt issue/encode", ["Dealer.Ucan.Receipts."]),
    ("validation", ["Dealer.Ucan.Validation."]),
    ("delegation/UCAN view", ["Dealer.Ucan.Delegations.", "Dealer.Ucan.Tokens."]),
    ("DAG-CBOR / CID / multiformats", ["Dealer.Ucan.Ipld.", "Dealer.Ucan.Multiformats."]),
    ("handlers", ["Dealer.Service.Handlers."]),
    ("consumer", ["Dealer.Service.Consumers."]),
    ("store (other)", ["Dealer.Store."]),
    ("UCAN server dispatch", ["Dealer.Ucan.Server."]),
    ("body read / endpoint", ["Dealer.Service.Http."]),
    ("Kestrel / ASP.NET", ["Microsoft.AspNetCore."]),
    ("sockets / threadpool", ["System.Net.Sockets", "System.Threading."]),
    ("JIT", ["libclrjit"]),
    ("GC / runtime", ["libcoreclr", "GC", "System.Runtime", "System.Private.CoreLib"]),
    ("kernel (no managed caller)", ["kernel.kallsyms"]),
]
WAIT_MARKERS = [
    "WaitHandle", "Monitor.Wait", "LowLevelLifoSemaphore", "LowLevelMonitor", "SemaphoreSlim.Wait", "Thread.Sleep",
    "SocketAsyncEngine.EventLoop", "WaitForSocketEvents", "ManualResetEventSlim.Wait", "Task.SpinThenBlockingWait",
    "Task.InternalWaitCore", "TimerQueue", "WaitOneCore", "WaitSubsystem", "PortableThreadPool.GateThread",
    "Console", "StreamWriter.Flush", "ReadLine", "Interop+Sys.Read", "epoll",
]


def area_of(names):
    """The area of the innermost frame that matches one (names are root first); kernel time without a managed
    caller (the unwinder stops at libc) is split by system call."""
    for n in reversed(names):
        hit = next((a for a, keys in AREAS if any(k in n for k in keys)), None)
        if hit == "kernel (no managed caller)":
            syscall = next((f for f in names if "__x64_sys_" in f), None)
            if syscall:
                return "kernel: " + syscall.split("__x64_sys_", 1)[1].split("+", 1)[0]
            irq = any("interrupt" in f or "softirq" in f for f in names)
            return "kernel: interrupts" if irq else "kernel: scheduler/other"
        if hit:
            return hit
    return "other"


def perf_samples(path):
    """(root-first frame names) per on-CPU sample of `perf script` text."""
    stack = []
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if not line.strip():
            if stack:
                yield list(reversed(stack))
            stack = []
        elif line.startswith((" ", "\t")):
            parts = line.strip().split(" ", 1)
            rest = parts[1] if len(parts) > 1 else "?"
            sym, _, dso = rest.rpartition(" (")
            dso = dso.rstrip(")")
            if sym in ("[unknown]", ""):
                sym = "[" + dso.rsplit("/", 1)[-1] + "]"
            elif "kallsyms" in dso:
                sym = "kernel.kallsyms!" + sym
            elif dso.endswith(".so") or ".so." in dso:
                sym = dso.rsplit("/", 1)[-1] + "!" + sym
            stack.append(sym)
    if stack:
        yield list(reversed(stack))


def summarise_perf(path, top):
    self_time, incl_time, areas = Counter(), Counter(), Counter()
    total = 0
    for names in perf_samples(path):
        total += 1
        self_time[names[-1]] += 1
        for n in set(names):
            incl_time[n] += 1
        areas[area_of(names)] += 1
    print(f"{total} on-CPU samples")
    report(areas, self_time, incl_time, total, top)


def report(areas, self_time, incl_time, total, top):
    print("\nareas (share of the samples):")
    for area, t in areas.most_common():
        print(f"  {100 * t / total:5.1f} %  {area}")
    print(f"\ntop {top} self frames:")
    for name, t in self_time.most_common(top):
        print(f"  {100 * t / total:5.1f} %  {name[:160]}")
    print(f"\ntop {top} inclusive frames:")
    for name, t in incl_time.most_common(top * 2):
        print(f"  {100 * t / total:5.1f} %  {name[:160]}")


def main():
    path = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 25
    if not path.endswith(".json"):
        summarise_perf(path, top)
        return
    data = json.load(open(path))
    frames = [f["name"] for f in data["shared"]["frames"]]
    self_time, incl_time, areas = Counter(), Counter(), Counter()
    running = waiting = 0.0
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            at = event["at"]
            if last is not None and stack and at > last:
                dt = at - last
                names = [frames[i] for i in stack]
                leaf = names[-1]
                native = leaf.startswith("UNMANAGED_CODE_TIME") or leaf.startswith("?")
                if native and any(m in n for n in names[-6:] for m in WAIT_MARKERS):
                    waiting += dt
                else:
                    running += dt
                    self_time[leaf if not native else f"{leaf} <- {names[-2] if len(names) > 1 else ''}"] += dt
                    for n in set(names):
                        incl_time[n] += dt
                    areas[area_of(names)] += dt
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    print(f"running {running / 1000:.1f} s, waiting {waiting / 1000:.1f} s (thread time over all threads)")
    report(areas, self_time, incl_time, running, top)


if __name__ == "__main__":
    main()
