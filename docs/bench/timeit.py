"""Time a command for the docs/bench scripts.

    python3 docs/bench/timeit.py RUNS OUT -- COMMAND [ARG...]

runs COMMAND RUNS times (stdout to the file OUT, stderr discarded) and
prints "WALL CPU RSS": the fastest wall-clock seconds, the fastest CPU
seconds (user + system) and the largest peak resident set in KiB, each from
the process's own rusage. On a shared machine the fastest run is the least
disturbed one. Exits with the command's status if it ever fails.
"""
import os
import subprocess
import sys
import time


def main():
    runs, out = int(sys.argv[1]), sys.argv[2]
    assert sys.argv[3] == "--"
    cmd = sys.argv[4:]
    walls, cpus, rss = [], [], 0
    for _ in range(runs):
        with open(out, "wb") as f:
            start = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            walls.append(time.perf_counter() - start)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # 1 is "findings"; the caller checks the output
            sys.exit(code)
        cpus.append(usage.ru_utime + usage.ru_stime)
        rss = max(rss, usage.ru_maxrss)
    print("%.4f %.4f %d" % (min(walls), min(cpus), rss))


if __name__ == "__main__":
    main()
