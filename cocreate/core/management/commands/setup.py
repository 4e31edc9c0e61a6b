from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cocreate.search import frequencies


class Command(BaseCommand):
    help = (
        "Prepare the data folder: migrate, collect static files, build the search "
        "dictionary, load demo data in demo mode."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        (settings.DATA_DIR / "mail").mkdir(parents=True, exist_ok=True)
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("collectstatic", interactive=False, verbosity=0)
        frequencies.prepare()
        if settings.DEMO_MODE:
            call_command("demo_data", verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS(f"Data folder ready: {settings.DATA_DIR}"))
