from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import actions, queries, rules


@task()
def evaluate_beta_programs() -> dict[str, int]:
    """Check every program's participation rules at the end of its week
    (Sunday 24:00 in its time zone), and warn the members who are behind
    `warn_hours` before. Scheduled every hour: the latest week due is
    caught up after a pause, and nothing is evaluated or warned twice
    (`BetaEvaluation` holds each program's weeks)."""
    now = timezone.now()
    evaluated = warned = 0
    for program in queries.programs_to_evaluate().select_related("product"):
        if not rules.has_rules(program):
            continue
        due = rules.week_end(program, now)
        if due > program.created_at and actions.evaluate_program(program, period_end=due):
            evaluated += 1
        coming = rules.next_week_end(program, now)
        if program.warn_hours and now >= coming - timedelta(hours=program.warn_hours):
            warned += actions.warn_members(program, period_end=coming) or 0
    return {"evaluated": evaluated, "warned": warned}
