#!/usr/bin/env python3
"""Cold start to ready: copies the data folder template, starts the node and
times from exec to the first 200 of /readyz, several times; prints each time
and the median in ms on one line: "cold-start median=M runs=a,b,c".

  cold-start.py --template DIR --data DIR --port N --runs N -- COMMAND...
"""
import argparse
import shutil
import statistics
import subprocess
import time
import urllib.request

TIMEOUT_S = 30


def ready(url):
    try:
        with urllib.request.urlopen(url, timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


def one_start(args):
    shutil.rmtree(args.data, ignore_errors=True)
    shutil.copytree(args.template, args.data)
    url = "http://127.0.0.1:%d/readyz" % args.port
    started = time.monotonic()
    server = subprocess.Popen(args.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not ready(url):
            if server.poll() is not None:
                raise SystemExit("cold-start.py: the server exited with %d" % server.returncode)
            if time.monotonic() - started > TIMEOUT_S:
                raise SystemExit("cold-start.py: not ready after %d s" % TIMEOUT_S)
            time.sleep(0.002)
        return (time.monotonic() - started) * 1000
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--template", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()
    times = [one_start(args) for _ in range(args.runs)]
    print("cold-start median=%.0f runs=%s" %
          (statistics.median(times), ",".join("%.0f" % t for t in times)))


if __name__ == "__main__":
    main()
