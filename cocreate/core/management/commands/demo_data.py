"""Load the bilingual demo community. Safe to run again: nothing is duplicated.

Demo mode only: every demo account has the password "demo".
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cocreate.accounts.actions import welcome_member
from cocreate.betas import demo as betas_demo
from cocreate.challenges import demo as challenges_demo
from cocreate.core.models import SiteSettings
from cocreate.forum import demo as forum_demo
from cocreate.ideas import demo as ideas_demo
from cocreate.moderation import demo as moderation_demo
from cocreate.notifications import demo as notifications_demo
from cocreate.releases.demo import releases as releases_demo
from cocreate.releases.demo import reports as reports_demo
from cocreate.reputation import demo as reputation_demo

DEMO_PASSWORD = "demo"

# Each capability's demo content, loaded in this order after the members.
LOADERS = [
    reputation_demo.load,
    forum_demo.load,
    moderation_demo.load,
    ideas_demo.load,
    releases_demo.load,
    reports_demo.load,
    betas_demo.load,
    challenges_demo.load,
    notifications_demo.load,
]

MEMBERS = [
    # username, display name, city, language, bio, staff
    (
        "admin",
        "Ada (Cocreate team)",
        "Beijing",
        "en",
        "Community lead at Cocreate. I read every idea.",
        True,
    ),
    (
        "moderator",
        "版主小米",
        "Shanghai",
        "zh-hans",
        "社区版主，负责维护讨论秩序。欢迎 @ 我。",
        False,
    ),
    (
        "alice",
        "Alice",
        "Berlin",
        "en",
        "Beta tester since the first build. I file **four-grid reports** every Friday.",
        False,
    ),
    (
        "bob",
        "Bob the Builder",
        "London",
        "en",
        "Industrial designer; I enter every design challenge.",
        False,
    ),
    ("lilei", "李雷", "深圳", "zh-hans", "发烧友，喜欢拍照和刷机。", False),
    ("hanmeimei", "韩梅梅", "成都", "zh-hans", "城市俱乐部组织者，周末常办线下聚会。", False),
    ("carlos", "Carlos", "Madrid", "", "Here for the weekly builds.", False),
    ("wangfang", "王芳", "杭州", "zh-hans", "产品经理，关注用户体验。", False),
]


class Command(BaseCommand):
    help = "Create the demo community (demo mode only)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("demo_data runs only with DEMO_MODE=1: it creates known passwords.")
        members, created = self.create_members()
        for load in LOADERS:
            with transaction.atomic():
                load(members)
        call_command("rebuild_search_index", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} new members). Log in with any of "
                f"{', '.join(m[0] for m in MEMBERS)} and the password '{DEMO_PASSWORD}'."
            )
        )

    @transaction.atomic
    def create_members(self) -> tuple[dict, int]:
        """The demo members by username, and how many were new."""
        User = get_user_model()
        site = SiteSettings.get()
        if site.company_name == "Cocreate":
            site.company_name = "Orange Devices"
            site.save(update_fields=["company_name"])
        members, created = {}, 0
        for username, display_name, city, language, bio, staff in MEMBERS:
            user, is_new = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@demo.cocreate.localhost",
                    "display_name": display_name,
                    "city": city,
                    "language": language,
                    "bio": bio,
                    "is_staff": staff,
                    "is_superuser": staff,
                },
            )
            members[username] = user
            if not is_new:
                continue
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
            welcome_member(user)
            created += 1
        return members, created
