"""The sentence of an entry-team notification (kind ENTRY_TEAM), for
notifications.text.describe: invitations and their answers, removal from
a team, and a disqualification with its reason."""

from django.utils.translation import gettext as _

from cocreate.core.bilingual import localized


def describe_team_notice(data: dict, actor: str) -> str:
    values = {
        "actor": actor,
        "entry": data.get("entry") or _("an entry"),
        "challenge": localized(data, "challenge") or _("a challenge"),
        "share": data.get("share", ""),
        "reason": data.get("reason", ""),
    }
    event = data.get("event")
    if event == "invited":
        invitation = _(
            "%(actor)s invites you to the team of “%(entry)s” in %(challenge)s, "
            "with a share of %(share)s %%"
        )
        return invitation % values
    if event == "confirmed":
        return _("%(actor)s joined the team of “%(entry)s”") % values
    if event == "declined":
        return _("%(actor)s declined to join the team of “%(entry)s”") % values
    if event == "removed":
        return _("%(actor)s removed you from the team of “%(entry)s”") % values
    return _("“%(entry)s” was disqualified from %(challenge)s: %(reason)s") % values
