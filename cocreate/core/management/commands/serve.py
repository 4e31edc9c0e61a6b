"""Run the production web server, the background worker and the scheduler.

All three are child processes; Ctrl-C (SIGINT) or SIGTERM stops them all,
and if one dies the others are stopped too, so nothing is left running.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from .demo_data import DEMO_PASSWORD, MEMBERS


class Command(BaseCommand):
    help = "Serve the site with granian and run the background task worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))

    def handle(self, *args, host, port, workers, **options):
        python = sys.executable
        web = [
            os.path.join(os.path.dirname(python), "granian"),
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            "1",
            "--no-ws",
            "--log-level",
            "warning",
            "config.wsgi:application",
        ]
        worker = [python, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]
        scheduler = [python, "manage.py", "scheduler"]
        # Each child leads its own process group, so stopping it reaches its
        # own children too (granian's workers).
        procs = [
            subprocess.Popen(cmd, start_new_session=True)  # noqa: S603
            for cmd in (web, worker, scheduler)
        ]
        self.stdout.write(self.style.SUCCESS(f"Cocreate is running on http://{host}:{port}/"))
        if settings.DEMO_MODE:
            names = ", ".join(member[0] for member in MEMBERS)
            self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): {names}")
        self.stdout.write("Press Ctrl-C to stop.")

        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.3)
        for proc in procs:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in procs:
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
        self.stdout.write("Stopped.")
        if not stopping:
            raise SystemExit(1)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
