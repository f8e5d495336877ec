"""Our errors in the reader's language, for every front end: the codes come from the services
(an error's ``reason`` and ``details``), the words from the catalogs. Every reason the code
raises has its words here, in every language of the table (a test walks them all)."""

from collections.abc import Callable

from kiosk.errors import KioskError, RefusedInput


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs; it is translated where it is shown."""
    return message


REASONS: dict[str, str] = {
    # Each class's own, where a raise gives no reason of its own.
    "settings": N_("A setting of this kiosk is wrong; staff will find which in the log."),
    "key_file": N_("The kiosk's key file is missing or wrong; staff must restore it."),
    "unreadable_value": N_("A stored detail could not be read."),
    "database_unavailable": N_(
        "The database cannot be reached just now. Please try again in a moment."
    ),
    "registry": N_("This site's privacy policy file has a mistake; staff will find it in the log."),
    "not_found": N_("We could not find that."),
    "conflict": N_("That is already recorded."),
    "write_conflict": N_("Someone changed this at the same moment. Please try again."),
    "backup_refused": N_("This backup cannot be taken or restored; staff will find why."),
    # The printer and the mail server, as set up.
    "printer_address": N_("The printer's address is not one this kiosk knows."),
    "printer_package": N_("This printer needs a package that is not installed."),
    "printer_profile": N_("The printer's profile is not one this kiosk knows."),
    "no_mail_server": N_("No mail server is set up, so no email can be sent."),
    "database_locked": N_("The database is busy with another program. Please try again soon."),
    # What the privacy policy allows.
    "unknown_field": N_("That detail is not one this site's policy allows."),
    "unknown_purpose": N_("That purpose is not in this site's policy."),
    "wrong_subject": N_("That detail cannot be kept about this person."),
    "not_bound": N_("This site's policy does not allow that detail for this purpose."),
    "purpose_disabled": N_("That is not offered here."),
    "field_disabled": N_("That detail is not asked at this site."),
    "no_consent": N_("That needs the person's consent, and none is recorded."),
    "not_searchable": N_("That detail cannot be searched."),
    "not_consent": N_("That purpose does not rest on consent."),
    "invalid_value": N_("Please check what you typed."),
    "not_asked": N_("That detail is not asked here."),
    "not_for_visit": N_("That detail is not asked for this kind of visit."),
    "missing": N_("Please fill in every required detail."),
    "visit_type": N_("That kind of visit is not one of this site's."),
    # Invitations and visits.
    "in_the_past": N_("That time is already over."),
    "end_before_start": N_("The visit must end after it starts."),
    "too_far": N_("A visit must end within {days} days from today."),
    "inactive_host": N_("That host is no longer in the directory."),
    "unknown_host": N_("That host is not in the directory."),
    "host_exists": N_("That email is already in the directory."),
    "no_code": N_("No free code could be made. Please try again."),
    "no_invitation": N_("There is no such invitation."),
    "nowhere_to_send": N_("The guest gave no email address or phone number to send it to."),
    "forged": N_("This code is not one of our invitations."),
    "not_yet_valid": N_("This invitation is for a later time."),
    "expired": N_("This invitation has expired."),
    "used": N_("This invitation was already used to check in."),
    "cancelled": N_("This invitation was cancelled."),
    "checked_in": N_("The guest has already checked in with this invitation."),
    "unknown_badge": N_("That is not one of today's badges."),
    "busy": N_("The kiosk is very busy. Please try again."),
    "missing_phone": N_("Please give your phone number."),
    "missing_email": N_("Please give your email address."),
    "missing_either": N_("Please give your phone number or your email address."),
    # The outbox, when what a message was about is gone.
    "invitation_gone": N_("That invitation no longer exists."),
    "visit_gone": N_("That visit no longer exists."),
    "email_gone": N_("The guest's email address is no longer held."),
    "name_gone": N_("The guest's name is no longer held."),
    "phone_gone": N_("The guest's phone number is no longer held, or the site sends no texts."),
    "host_channel_gone": N_("The host's chosen way to be told is no longer set up."),
    "reception_gone": N_("That reception channel is no longer set up."),
    "unknown_address": N_("No channel we know has that address: check it, or ask reception."),
    "no_phone_channel": N_("This site cannot send texts to your phone: choose another way."),
    "visit_over": N_("This visit is over; its badge is no longer printed."),
    "unknown_template": N_("The outbox holds a message of a kind this kiosk does not know."),
    # A file of rows (an event's guests, the directory).
    "csv_unreadable": N_("The file cannot be read."),
    "csv_empty": N_("The file is empty."),
    "csv_not_utf8": N_("The file is not UTF-8 text: save it as CSV UTF-8."),
    "csv_header": N_("The first line is not a header of CSV columns."),
    "csv_column_twice": N_("The column {column} is given twice."),
    "csv_unknown_column": N_("The column {column} is not one this file may have."),
    "csv_missing_column": N_("The column {column} is missing."),
    "csv_empty_cell": N_("{column} is empty."),
    "csv_date": N_("{column}: {text} is not a date like 2026-12-01."),
    "csv_time": N_("{column}: {text} is not a time like 09:30."),
    "csv_row": N_("This line is not CSV: check its quotes."),
    "csv_cell_count": N_("This line has {found} values for {columns} columns."),
    "csv_duplicate": N_("This repeats line {line}."),
    "csv_no_file": N_("Choose a CSV file to upload."),
    "csv_too_large": N_("The file is larger than {largest}: split it into smaller files."),
    "date_out_of_range": N_("Give a day between the years {first} and {last}."),
    # The portal and the desk.
    "no_page": N_("There is no such page."),
    "too_many_tries": N_("Too many sign-in tries. Please wait a minute and try again."),
    "link_refused": N_("This sign-in link is used, expired or not ours: ask for a new one."),
    "too_many_requests": N_("Too many links were asked for. Try again in an hour."),
    "privacy_link_refused": N_(
        "That link has been used or has expired. Ask for a new one on the privacy page."
    ),
    "password_refused": N_("The email and password do not match a staff account."),
    "unknown_role": N_("A staff member is either reception or admin."),
    "staff_exists": N_("{email} already has a staff account."),
    "no_staff_account": N_("{email} has no staff account."),
    "alert_handled": N_("This was already handled."),
    "alert_without_invitation": N_("This names no invitation to let in."),
    "alert_without_badge": N_("This names no badge to reprint."),
    "no_deny_entry": N_("There is no such deny-list entry."),
    "demo_host_missing": N_("The demo host is missing from the directory."),
    "admins_only": N_("Only an admin can change an admin's access."),
    "own_access": N_("You cannot take away your own access."),
    "last_admin": N_("This is the site's last admin: make another admin first."),
    "host_active": N_("This member is in the directory already."),
    "too_many_resends": N_(
        "This invitation was sent again often in the last hour: try again later."
    ),
    # Guests' rights and retention.
    "nobody_matches": N_("Nobody matches: check the email, phone or visit number."),
    "in_building": N_("This guest is in the building now: sign them out first."),
    "legal_hold": N_("This person's data is under a legal hold until {until}: release it first."),
    "hold_in_past": N_("A legal hold must last until a date in the future."),
    "hold_reason": N_(
        "Give the hold a reason: a case number or legal reference, up to 200 characters."
    ),
    "correction_value": N_("Type the corrected value, as you checked it."),
    "answer_reason": N_(
        "Say why, in up to 200 characters: the law the refusal rests on, and no names."
    ),
    "retention_shortened": N_("Retention is now shorter: confirm it to purge values sooner."),
}
"""What each reason says, with the placeholders its errors' details fill."""


def reason_words(reason: str, _: Callable[[str], str], **details: object) -> str | None:
    """The words of ``reason`` in the reader's language; None for a reason without any."""
    words = REASONS.get(reason)
    return _(words).format(**details) if words else None


def describe(
    error: KioskError, _: Callable[[str], str], label_of: Callable[[str | None], str | None]
) -> str:
    """The error for the person at the form; ``label_of`` gives a field's label on it."""
    if isinstance(error, RefusedInput) and label_of(error.field):
        return _("Please check: {field}").format(field=label_of(error.field))
    said = reason_words(error.reason, _, **error.details)
    return said or _("That could not be done. Please try again, or ask reception.")
