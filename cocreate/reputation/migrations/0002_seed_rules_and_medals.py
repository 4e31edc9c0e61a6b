from django.db import migrations

RULES = [
    ("thread.created", "actor", 5, 50, "Started a thread"),
    ("post.created", "actor", 2, 40, "Replied in a thread"),
    ("reaction.added", "post_author", 1, 50, "Someone liked your post"),
    ("reaction.removed", "post_author", -1, 50, "A like was taken back"),
    ("idea.submitted", "actor", 3, 15, "Proposed an idea"),
    ("idea.adopted", "actor", 100, 0, "Your idea was adopted"),
    ("idea.shipped", "actor", 50, 0, "Your idea shipped"),
    ("report.filed", "actor", 5, 25, "Filed a test report"),
    ("event.attended", "actor", 20, 40, "Attended an event"),
]

MEDALS = [
    ("first-post", "First post", "第一帖", "Wrote a first reply.", "首次回复。", "✍️",
     {"stat": "posts", "gte": 1}),
    ("conversation-starter", "Conversation starter", "话题发起者", "Started a first thread.",
     "发起了第一个话题。", "💬", {"verb": "thread.created", "count_gte": 1}),
    ("liked", "Liked", "受欢迎", "Received 10 likes.", "获得 10 个赞。", "👍",
     {"stat": "likes_received", "gte": 10}),
    ("regular", "Regular", "常客", "Visited on 7 different days.", "在 7 个不同的日子来访。", "📅",
     {"stat": "days_visited", "gte": 7}),
    ("helpful", "Helpful", "乐于助人", "Received 50 likes.", "获得 50 个赞。", "🤝",
     {"stat": "likes_received", "gte": 50}),
    ("veteran", "Veteran", "资深成员", "Reached Lv.5.", "达到 Lv.5。", "🏅",
     {"stat": "level", "gte": 5}),
]


def seed(apps, schema_editor):
    PointsRule = apps.get_model("reputation", "PointsRule")
    Medal = apps.get_model("reputation", "Medal")
    for verb, who, points, cap, description in RULES:
        PointsRule.objects.get_or_create(
            verb=verb,
            who=who,
            defaults={"points": points, "daily_cap": cap, "description": description},
        )
    for position, (slug, name, name_zh, description, description_zh, icon, criteria) in enumerate(
        MEDALS
    ):
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


def unseed(apps, schema_editor):
    apps.get_model("reputation", "PointsRule").objects.filter(
        verb__in=[rule[0] for rule in RULES]
    ).delete()
    apps.get_model("reputation", "Medal").objects.filter(
        slug__in=[medal[0] for medal in MEDALS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reputation", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
