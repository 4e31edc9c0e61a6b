"""Points for ideas, as data staff can tune: proposing one, each support it
receives (and back when withdrawn), the team planning it, and shipping it —
the largest. The placeholder rules reputation seeded for ideas credited the
staff member who acted; these credit the idea's author ("idea_author" in the
activity's data), and "planned" replaces "adopted"."""

from django.db import migrations

RULES = [
    ("idea.submitted", "actor", 3, 15, "Proposed an idea"),
    ("idea.supported", "idea_author", 1, 50, "Someone supported your idea"),
    ("idea.support_withdrawn", "idea_author", -1, 50, "A support for your idea was withdrawn"),
    ("idea.planned", "idea_author", 50, 100, "The team planned your idea"),
    ("idea.shipped", "idea_author", 200, 400, "Your idea shipped"),
]
# Seeded by reputation 0002 before ideas existed; nothing emits them for
# the acting staff member.
REPLACED = [("idea.adopted", "actor", 100, 0, "Your idea was adopted"), ("idea.shipped", "actor", 50, 0, "Your idea shipped")]


def seed(apps, schema_editor):
    PointsRule = apps.get_model("reputation", "PointsRule")
    for verb, who, *_rest in REPLACED:
        PointsRule.objects.filter(verb=verb, who=who).delete()
    for verb, who, points, cap, description in RULES:
        PointsRule.objects.update_or_create(
            verb=verb,
            who=who,
            defaults={"points": points, "daily_cap": cap, "description": description},
        )


def unseed(apps, schema_editor):
    PointsRule = apps.get_model("reputation", "PointsRule")
    PointsRule.objects.filter(
        verb__in=[rule[0] for rule in RULES if rule[0] != "idea.submitted"], who="idea_author"
    ).delete()
    for verb, who, points, cap, description in REPLACED:
        PointsRule.objects.get_or_create(
            verb=verb,
            who=who,
            defaults={"points": points, "daily_cap": cap, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_ideas_boards"), ("reputation", "0003_flag_rules_and_medal")]

    operations = [migrations.RunPython(seed, unseed)]
