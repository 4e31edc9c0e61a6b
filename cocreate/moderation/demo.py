"""The moderation part of the demo community, made through the same actions
as real life: guidelines every demo member accepted, board moderators, and a
few cases — flags waiting in the queue (one post hidden by their weight),
flags agreed and declined, a locked thread, a warning and a short suspension.

Loaded after the pyramid and the forum. Safe to load again: each case is
skipped once its post exists, and the other actions change nothing twice.
"""

from typing import Any

from django.contrib.auth import get_user_model

from cocreate.forum.actions import reply_to_thread
from cocreate.forum.models import Board, Post, Thread
from cocreate.reputation.demo import STANDINGS
from cocreate.reputation.enums import Tier

from . import actions
from .enums import Outcome
from .queries import current_guidelines

GUIDELINES = """\
# Community guidelines

This is where Orange fans and the people who build Orange work on the same
products. These few rules keep it worth everyone's time.

## Be kind

* Criticise builds, features and ideas — never the person who made them.
* No insults, harassment, hate or threats. Disagree with arguments.

## Stay useful

* Post in the board that fits; search before you start a thread.
* One topic per thread. Report a bug with the build number and what you did.
* Write in English or Chinese, whichever you prefer; both are welcome.

## No spam, no selling

* No advertising, referral links or posts whose main aim is to sell.
* Do not post the same text again and again.

## Respect privacy and confidentiality

* Do not post anyone's personal information.
* Beta builds may be confidential: share only what the beta terms allow.

## When something is wrong

* **Flag** a post that breaks these rules instead of replying to it.
  Moderators review every flag; enough flags from trusted members hide a
  post until they decide.
* Moderators may hide, move, lock or delete posts and threads, warn members
  and, for repeated or serious breaches, suspend them (read-only for a while).
  Every action and its reason appears in the public moderation log.
* If you think a decision was wrong, write to the team — politely.
"""

GUIDELINES_ZH = """\
# 社区准则

这里是橙子粉丝和橙子产品团队一起打磨产品的地方。以下几条规则，让每个人的时间都花得值得。

## 友善待人

* 批评版本、功能和想法，而不是批评做出它们的人。
* 禁止辱骂、骚扰、仇恨言论和威胁。有分歧，就用理由说话。

## 言之有物

* 在合适的版块发帖；发新帖前先搜索。
* 一帖一个话题。反馈问题时请写明版本号和操作步骤。
* 中文、英文均可，用你顺手的语言。

## 禁止广告和推销

* 禁止广告、推广链接以及以销售为主要目的的帖子。
* 不要反复发布相同的内容。

## 尊重隐私与保密

* 不要公开任何人的个人信息。
* 测试版内容可能需要保密：只分享测试协议允许的内容。

## 遇到问题时

* 看到违规内容，请**举报**，不要回帖争执。版主会审核每一条举报；
  来自可信成员的举报足够多时，帖子会先被隐藏，等待版主处理。
* 版主可以隐藏、移动、锁定或删除帖子和主题，可以警告成员；
  对多次或严重违规者可以禁言（一段时间内只能浏览）。
  每一项操作及其理由都会记录在公开的管理日志中。
* 如果你认为处理有误，欢迎礼貌地联系团队。
"""

# Boards the demo's moderators look after.
MODERATED_BOARDS = ["phone-14-chat", "phone-14-help"]

SPAMMER = ("orange_deals", "Cheap Deals 特价")

SPAM = (
    "Battery dying? Our 20000 mAh power bank is **half price** today only — "
    "DM me for the shop link! 充电宝半价，私信我！"
)
OFF_TOPIC = "Anyone selling a used Phone 13 in Shenzhen? DM me. 有人出二手 13 吗？"
RUDE = "Stop whining about Bluetooth, nobody cares about your car."
HONEST = "我换了一个原装充电器之后，掉电明显少了，供大家参考。"


def load(members: dict[str, Any]) -> None:
    admin = members["admin"]
    guidelines = current_guidelines() or actions.publish_guidelines(
        actor=admin,
        body=GUIDELINES,
        body_zh=GUIDELINES_ZH,
        changes="First version.",
        changes_zh="首个版本。",
    )
    for member in members.values():
        actions.accept_guidelines(member, version=guidelines.version)

    boards = Board.objects.in_bulk(MODERATED_BOARDS, field_name="slug")
    moderators = [
        members[name]
        for name, (_points, tier, _medals) in STANDINGS.items()
        if tier is Tier.MODERATOR and name in members
    ]
    for moderator in moderators:
        for board in boards.values():
            actions.appoint_moderator(board, member=moderator, actor=admin)
    moderator = moderators[0] if moderators else admin

    _spam_hidden_by_flags(members, admin)
    _off_topic_waiting(members)
    _rude_reply_hidden_and_warned(members, moderator)
    _flags_declined(members, moderator)
    _thread_locked(admin)


def _new_reply(title: str, author: Any, body: str) -> Post | None:
    """Post the case's reply, or None when the thread is missing or the reply
    is already there (the case was loaded before)."""
    thread = Thread.objects.filter(title=title, deleted_at__isnull=True).first()
    if thread is None or thread.posts.filter(author=author, body=body).exists():
        return None
    return reply_to_thread(thread, author=author, body=body)


def _spam_hidden_by_flags(members: dict[str, Any], admin: Any) -> None:
    """Advertising from a throwaway account: three trusted members flag it,
    their weight hides it until a moderator decides, and the team suspends
    the account for a few days while they look into it."""
    username, display_name = SPAMMER
    spammer, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@demo.cocreate.localhost", "display_name": display_name},
    )
    if created:
        spammer.set_unusable_password()
        spammer.save(update_fields=["password"])
    post = _new_reply("Battery drains overnight after the last update", spammer, SPAM)
    if post is None:
        return
    for reporter in ("lilei", "alice", "hanmeimei"):
        actions.flag_post(post, reporter=members[reporter], reason="spam")
    actions.suspend_member(
        spammer,
        actor=admin,
        reason="Advertising in the help boards. 在求助版块发广告。",
        days=3,
        post=post,
    )


def _off_topic_waiting(members: dict[str, Any]) -> None:
    """One light flag: the post stays visible, waiting in the queue."""
    post = _new_reply("橙子手机 14 的夜景拍照真的惊艳", members["carlos"], OFF_TOPIC)
    if post is not None:
        actions.flag_post(
            post, reporter=members["hanmeimei"], reason="off_topic", text="Buying and selling"
        )


def _rude_reply_hidden_and_warned(members: dict[str, Any], moderator: Any) -> None:
    """Flags agreed: the moderator keeps the post hidden and warns its author."""
    bob = members["bob"]
    post = _new_reply("Four-grid report for build 24.18", bob, RUDE)
    if post is None:
        return
    flag = actions.flag_post(post, reporter=members["alice"], reason="abusive")
    actions.flag_post(post, reporter=members["wangfang"], reason="abusive")
    reason = "Criticise the build, not the person. 对事不对人。"
    actions.resolve_review(flag.review, actor=moderator, outcome=Outcome.HIDE, reason=reason)
    actions.warn_member(bob, actor=moderator, reason=reason, post=post)


def _flags_declined(members: dict[str, Any], moderator: Any) -> None:
    """Flags declined: sharing what worked is on topic, not advertising."""
    post = _new_reply("Battery drains overnight after the last update", members["wangfang"], HONEST)
    if post is None:
        return
    flag = actions.flag_post(post, reporter=members["carlos"], reason="spam")
    actions.resolve_review(
        flag.review,
        actor=moderator,
        outcome=Outcome.KEEP,
        reason="No link and no selling: a tip that helped. 分享经验，不是广告。",
    )


def _thread_locked(admin: Any) -> None:
    thread = Thread.objects.filter(title="刷机后无法收到短信", deleted_at__isnull=True).first()
    if thread is not None:
        actions.lock_thread(
            thread,
            actor=admin,
            reason="Fixed in build 24.20; open a new thread if SMS still fails. "
            "已在 24.20 修复，如仍有问题请另开新帖。",
        )
