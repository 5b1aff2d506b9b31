"""`make bench-harvest`: harvest 5,000 records from a local fixture server; time and peak memory.

A partner site is served from memory on 127.0.0.1 (standard library, answering ETag conditional requests as a
real server does): a sitemap of N course pages, each with a Yoast-style JSON-LD ``@graph`` (the heaviest kind of
source: one request and one extraction per record). The harvest runs as a separate process, as `make harvest`
does, into a copy of the real vocabularies with no product: first into an empty catalogue (every record new),
then again with nothing changed upstream, then after one record changed. Each run's wall time and peak memory
(the child process's maximum resident set) are printed, with its CPU time and the machine's load average
before it (on a shared machine the wall time depends on the load; the CPU time much less) and written to build/bench/harvest.json.

    PYTHONPATH=hooks python tests/bench_harvest.py [--records 5000]
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from harvest_sites import course_jsonld, page, sitemap  # noqa: E402

TOPICS = ["Urban planning", "Climate change", "Housing", "Land", "Mobility", "SDG 11"]


def site(base: str, count: int, changed: int | None = None) -> dict[str, bytes]:
    pages = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    urls = []
    for number in range(count):
        slug = f"course-{number:05d}"
        urls.append(f"{base}/courses/{slug}/")
        description = f"Course {number}: planning, financing and governing cities that work for everyone."
        if number == changed:
            description += " Updated."
        block = course_jsonld(base, slug, f"Urban course {number}", description=description,
                              keywords=f"{TOPICS[number % len(TOPICS)]}, {TOPICS[(number + 1) % len(TOPICS)]}")
        pages[f"/courses/{slug}/"] = page(f"Urban course {number}", block).encode("utf-8")
    pages["/sitemap.xml"] = sitemap(*urls).encode("utf-8")
    return pages


class Handler(http.server.BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}
    disable_nagle_algorithm = True  # headers and body are two writes: without this each answer waits for an ACK
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        body = self.pages.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Type", "application/xml" if self.path.endswith(".xml") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


CHILD = """
import json, resource, sys
from learning_catalog.harvest.cli import main
try:
    code = main(sys.argv[2:])
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(sys.argv[1], "w") as out:
        json.dump({"maxrss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}, out)
raise SystemExit(code)
"""


def run(root: Path) -> dict[str, float]:
    """One harvest in a child process: its wall time, CPU time and peak memory (its own maximum resident set)."""
    load = os.getloadavg()[0]
    usage = root / "usage.json"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", CHILD, str(usage), "--root", str(root), "--delay", "0",
                             "--allow-loopback", "--report", str(root / "report.md")],
                            env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")}, capture_output=True, text=True,
                            check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
    measured = json.loads(usage.read_text(encoding="utf-8"))
    report = (root / "report.md").read_text(encoding="utf-8")
    row = report.splitlines()[report.splitlines().index("|---|---|---|---|---|---|---|---|") + 1]
    summary = next(line for line in report.splitlines() if " bytes received" in line)
    return {"seconds": round(seconds, 1), "cpu_seconds": round(measured["cpu"], 1),
            "peak_mb": round(measured["maxrss_kb"] / 1024), "load": round(load, 1), "counts": row,
            "fetched": summary.split(": ", 1)[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    Handler.pages = site(base, args.records)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "catalog" / "vocabularies", root / "catalog" / "vocabularies")
        (root / "catalog" / "sources").mkdir()
        (root / "catalog" / "sources" / "bench.yml").write_text(f"""\
title: Benchmark academy
url: {base}/sitemap.xml
kind: schema.org
provider: uclg
max_pages: {args.records + 10}
defaults: {{format: online-course}}
map:
  topics: {{Urban planning: urban-planning, Climate change: climate-change, Housing: housing-and-slum-upgrading,
           Land: land, Mobility: urban-mobility, SDG 11: []}}
  audiences: {{Local governments: local-government}}
  mode: {{online: self-paced}}
""", encoding="utf-8")
        results = {"first (all new)": run(root)}
        results["second (nothing changed)"] = run(root)
        Handler.pages = site(base, args.records, changed=args.records // 2)
        results["third (one record changed)"] = run(root)
        written = len(list((root / "catalog" / "products").glob("*.yml")))
    server.shutdown()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Harvest of {args.records:,} schema.org course pages from 127.0.0.1 ({machine}); {written:,} product files")
    print("| Run | Time | CPU time | Peak memory | Load before | New, Updated, Unchanged, ... | Fetched |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, figures in results.items():
        counts = " ".join(figures["counts"].strip("| ").split(" | "))
        print(f"| {name} | {figures['seconds']} s | {figures['cpu_seconds']} s | {figures['peak_mb']:.0f} MB | "
              f"{figures['load']} | {counts} | {figures['fetched']} |")
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "harvest.json").write_text(json.dumps({"records": args.records, "machine": machine, "runs": results},
                                                 indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
