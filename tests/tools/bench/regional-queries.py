"""Times the queries of regional-queries.txt on a hub and writes the regional table.

Each query is run a few times to warm up, then REPEAT times (each department
once per round for the department lines); p50 and p99 over those runs, against
the 200 ms target for p99. The ingestion figures come from the simulator's
--figures files."""
import argparse
import datetime
import json
import os
import platform
import time
import urllib.request

REPEAT = int(os.environ.get("REGIONAL_BENCH_REPEAT", "30"))
WARMUP = int(os.environ.get("REGIONAL_BENCH_WARMUP", "2"))
TARGET_P99_MS = 200
TARGET_INGEST_S = 60


def read_figures(path):
    figures = {}
    if path and os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if "=" in line:
                key, value = line.strip().split("=", 1)
                figures[key] = value
    return figures


def fetch(base, path, header):
    request = urllib.request.Request(base + path)
    if header:
        name, value = header.split(":", 1)
        request.add_header(name.strip(), value.strip())
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as answer:
        body = answer.read()
        status = answer.status
    return (time.perf_counter() - start) * 1000, status, len(body)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def load_queries(path):
    queries = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        name, query = line.rstrip("\n").split("\t", 1)
        queries.append((name, query))
    return queries


def call(base, method, path, payload=None, token=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=json.dumps(payload).encode() if payload else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=60) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def authority_header(args):
    """An analyst of the authority signed in, from the account the script made
    (its one-time password changed first, as at a first sign-in)."""
    if not args.authority_login:
        return ""
    session = call(args.base, "POST", "/api/v1/session",
                   {"login": args.authority_login, "password": args.authority_password,
                    "client": "mobile"})
    chosen = "regional bench " + os.urandom(9).hex()
    call(args.base, "PUT", "/api/v1/me/password",
         {"current_password": args.authority_password, "new_password": chosen}, session["token"])
    session = call(args.base, "POST", "/api/v1/session",
                   {"login": args.authority_login, "password": chosen, "client": "mobile"})
    return "Authorization: Bearer " + session["token"]


def one_school_per_department(args, header, departments):
    token = header.split("Bearer ", 1)[1]
    schools = []
    for department in departments:
        answer = call(args.base, "GET", "/api/v1/authority/departments/" + department,
                      token=token)
        if answer["children"]:
            schools.append(answer["children"][0]["key"])
    return schools


def time_queries(args, header):
    listing = json.loads(urllib.request.urlopen(args.base + "/api/v1/indicators").read())
    departments = listing.get("departments", [])
    schools = None
    rows = []
    for name, template in load_queries(args.queries):
        template = template.replace("{from}", args.year_from).replace("{to}", args.year_to)
        if template.startswith("/api/v1/authority/") and not header:
            continue
        if "{school}" in template and schools is None:
            schools = one_school_per_department(args, header, departments)
        paths = ([template.replace("{department}", d) for d in departments]
                 if "{department}" in template else
                 [template.replace("{school}", s) for s in schools]
                 if "{school}" in template else [template])
        for path in paths:
            for _ in range(WARMUP):
                fetch(args.base, path, header)
        times, sizes, statuses = [], [], set()
        for _ in range(REPEAT):
            for path in paths:
                millis, status, size = fetch(args.base, path, header)
                times.append(millis)
                sizes.append(size)
                statuses.add(status)
        rows.append((name, len(paths), times, max(sizes), statuses))
    return rows, departments


def table(args, day, year, rows, departments):
    ingest = float(day.get("send_seconds", "nan"))
    reports = int(day.get("reports", "0"))
    out = []
    out.append(f"Regional hub at scale — {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, "
               f"{os.cpu_count()} cores ({platform.node()}), load {args.load}")
    out.append("")
    out.append(f"Hub holding {args.held} reports of {args.schools} simulated schools "
               f"({len(departments)} departments, school year {args.year_from} to "
               f"{args.year_to}); database {os.path.getsize(args.database) / 2**20:,.0f} MiB.")
    if year:
        out.append(f"The year was filled once through the protocol: {year.get('reports')} reports, "
                   f"{year.get('links')} links, {year.get('seconds', '?')} s "
                   f"(schools enrolled in {float(year.get('enroll_seconds', 0)):.0f} s).")
    out.append("")
    out.append("| measure | figure | target |")
    out.append("|---|---|---|")
    met = "met" if ingest <= TARGET_INGEST_S else "not met"
    out.append(f"| ingestion of {args.day}: {reports} reports from {day.get('links')} links "
               f"(real handshake, encrypted link, signed reports verified and stored) | "
               f"{ingest:.1f} s, {reports / ingest if ingest > 0 else 0:,.0f} reports/s; "
               f"link p50 {day.get('link_p50_ms')} ms, p99 {day.get('link_p99_ms')} ms; "
               f"{day.get('failed_links')} failed | ≤ {TARGET_INGEST_S} s: {met} |")
    for name, variants, times, size, statuses in rows:
        p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
        met = "met" if p99 <= TARGET_P99_MS else "not met"
        each = f" (× {variants})" if variants > 1 else ""
        out.append(f"| {name}{each}: {len(times)} requests, HTTP {sorted(statuses)}, "
                   f"{size:,} bytes | p50 {p50:.1f} ms, p99 {p99:.1f} ms | "
                   f"p99 ≤ {TARGET_P99_MS} ms: {met} |")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser()
    for name in ("base", "queries", "from", "to", "day-figures", "year-figures", "held", "day",
                 "schools", "load", "database", "output", "authority-login",
                 "authority-password"):
        dest = {"from": "year_from", "to": "year_to"}.get(name, name.replace("-", "_"))
        parser.add_argument("--" + name, dest=dest)
    args = parser.parse_args()
    header = os.environ.get("REGIONAL_BENCH_HEADER", "") or authority_header(args)
    rows, departments = time_queries(args, header)
    text = table(args, read_figures(args.day_figures), read_figures(args.year_figures), rows,
                 departments)
    print(text)
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(text)


if __name__ == "__main__":
    main()
