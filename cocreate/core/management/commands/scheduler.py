import signal
import time

from django.core.management.base import BaseCommand

from cocreate.core.schedule import SCHEDULE


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they are due (run one per installation)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every job once and exit.")

    def handle(self, *args, once=False, **options):
        if once:
            for _interval, job in SCHEDULE:
                job.enqueue()
            return
        running = True

        def stop(signum, frame):
            nonlocal running
            running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        due = {job: time.monotonic() for _interval, job in SCHEDULE}
        while running:
            now = time.monotonic()
            for interval, job in SCHEDULE:
                if now >= due[job]:
                    job.enqueue()
                    due[job] = now + interval.total_seconds()
            time.sleep(1)
