"""Points and medals for four-grid reports, as data staff can tune: filing a
report (once per release: editing it earns nothing) and the streak medals,
read from the longest run of consecutive releases of one channel a member
reported on (`MemberStats.best_report_streak`). Reputation seeded a
placeholder rule for "report.filed"; this one replaces its wording and
weight."""

from django.db import migrations

RULE = ("report.filed", "actor", 10, 50, "Filed a four-grid experience report")
PLACEHOLDER = ("report.filed", "actor", 5, 25, "Filed a test report")

MEDALS = [
    (
        "first-report",
        "First report",
        "首份体验报告",
        "Filed a first four-grid experience report.",
        "提交了第一份四格体验报告。",
        "📝",
        {"verb": "report.filed", "count_gte": 1},
    ),
    (
        "orange-friday-regular",
        "Orange Friday regular",
        "橙色星期五常客",
        "Reported on 4 consecutive releases of a channel.",
        "连续 4 个版本提交了体验报告。",
        "🍊",
        {"stat": "best_report_streak", "gte": 4},
    ),
    (
        "orange-friday-devotee",
        "Orange Friday devotee",
        "橙色星期五铁粉",
        "Reported on 12 consecutive releases of a channel.",
        "连续 12 个版本提交了体验报告。",
        "🏆",
        {"stat": "best_report_streak", "gte": 12},
    ),
]


def _set_rule(apps, rule):
    verb, who, points, cap, description = rule
    apps.get_model("reputation", "PointsRule").objects.update_or_create(
        verb=verb,
        who=who,
        defaults={"points": points, "daily_cap": cap, "description": description},
    )


def seed(apps, schema_editor):
    _set_rule(apps, RULE)
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
    _set_rule(apps, PLACEHOLDER)
    apps.get_model("reputation", "Medal").objects.filter(
        slug__in=[medal[0] for medal in MEDALS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0001_initial"),
        ("reputation", "0004_memberstats_best_report_streak"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
