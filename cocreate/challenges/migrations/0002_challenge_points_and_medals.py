"""Points and medals for challenges, as data staff can tune: entering (a
little, capped, so entries are not farmed for points), and three medals —
a first entry, a first win (a winner is the actor of "challenge.won"), and
a design adopted into a product, which the adoption gives directly. A
prize's own points and medal come from its row in the prize table."""

from django.db import migrations

RULES = [("entry.submitted", "actor", 10, 30, "Entered a challenge")]

MEDALS = [
    (
        "first-entry",
        "First entry",
        "首次参赛",
        "Entered a first challenge.",
        "第一次提交挑战作品。",
        "🎨",
        {"verb": "entry.submitted", "count_gte": 1},
    ),
    (
        "challenge-winner",
        "Challenge winner",
        "挑战赛获奖者",
        "Won a prize in a challenge.",
        "在挑战赛中获奖。",
        "🥇",
        {"verb": "challenge.won", "count_gte": 1},
    ),
    (
        "product-creator",
        "Product creator",
        "产品共创者",
        "Created a design the company adopted into a product.",
        "设计的作品被公司采纳并做成产品。",
        "🏭",
        {},
    ),
]


def seed(apps, schema_editor):
    PointsRule = apps.get_model("reputation", "PointsRule")
    for verb, who, points, cap, description in RULES:
        PointsRule.objects.update_or_create(
            verb=verb,
            who=who,
            defaults={"points": points, "daily_cap": cap, "description": description},
        )
    Medal = apps.get_model("reputation", "Medal")
    position = Medal.objects.count()
    for slug, name, name_zh, description, description_zh, icon, criteria in MEDALS:
        Medal.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_zh": name_zh,
                "description": description,
                "description_zh": description_zh,
                "icon": icon,
                "criteria": criteria,
                "position": position,
            },
        )
        position += 1


def unseed(apps, schema_editor):
    apps.get_model("reputation", "PointsRule").objects.filter(
        verb__in=[rule[0] for rule in RULES]
    ).delete()
    apps.get_model("reputation", "Medal").objects.filter(
        slug__in=[medal[0] for medal in MEDALS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0001_initial"),
        ("reputation", "0004_memberstats_best_report_streak"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
