from django.core.management.base import BaseCommand, CommandError

from cocreate.core.counters import all_counters

SHOWN = 5


class Command(BaseCommand):
    help = (
        "Check every denormalised counter against the rows it counts; with --fix, "
        "correct the wrong ones. Without --fix, exits with status 1 when any is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Write the true values.")
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="NAME",
            help="Check only counters whose name starts with NAME "
            '(e.g. "forum", "forum.Thread", "reputation.MemberStats.points"); repeatable.',
        )

    def handle(self, *args, fix: bool, only: list[str], **options):
        counters = [c for c in all_counters() if not only or c.name.startswith(tuple(only))]
        if not counters:
            raise CommandError(f"No counter matches {', '.join(only)}.")
        wrong = 0
        for counter in counters:
            mismatches = counter.mismatches()
            if not mismatches:
                self.stdout.write(f"{counter.name}: ok")
                continue
            wrong += len(mismatches)
            examples = ", ".join(f"#{m.pk} {m.stored}→{m.truth}" for m in mismatches[:SHOWN])
            more = " …" if len(mismatches) > SHOWN else ""
            line = f"{counter.name}: {len(mismatches)} wrong ({examples}{more})"
            if fix:
                line += f", {counter.fix(mismatches)} fixed"
            self.stdout.write(self.style.WARNING(line))
        if not wrong:
            self.stdout.write(self.style.SUCCESS(f"All {len(counters)} counters match."))
        elif fix:
            self.stdout.write(self.style.SUCCESS(f"Fixed {wrong} wrong values."))
        else:
            raise CommandError(
                f"{wrong} wrong values; run `recount --fix` to correct them.", returncode=1
            )
