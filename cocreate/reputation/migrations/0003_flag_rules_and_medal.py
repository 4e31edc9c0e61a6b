from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("reputation", "PointsRule").objects.get_or_create(
        verb="flag.agreed",
        who="actor",
        defaults={
            "points": 2,
            "daily_cap": 20,
            "description": "A moderator agreed with your flag",
        },
    )
    Medal = apps.get_model("reputation", "Medal")
    Medal.objects.get_or_create(
        slug="guardian",
        defaults={
            "name": "Guardian",
            "name_zh": "守护者",
            "description": "Raised 10 flags moderators agreed with.",
            "description_zh": "提出的 10 次举报获得版主认可。",
            "icon": "🛡️",
            "criteria": {"stat": "flags_agreed", "gte": 10},
            "position": Medal.objects.count(),
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("reputation", "PointsRule").objects.filter(verb="flag.agreed").delete()
    apps.get_model("reputation", "Medal").objects.filter(slug="guardian").delete()


class Migration(migrations.Migration):
    dependencies = [("reputation", "0002_seed_rules_and_medals")]

    operations = [migrations.RunPython(seed, unseed)]
