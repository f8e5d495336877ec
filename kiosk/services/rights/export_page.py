"""An access-request export as one readable HTML page, once in each of the site's languages."""

from html import escape

from kiosk.i18n import translations


def _text(value: object, language: str) -> str:
    """A registry text (by language) in ``language``; anything else as it is."""
    if isinstance(value, dict):
        return escape(str(value.get(language, next(iter(value.values())))))
    return escape("" if value is None else str(value))


def _value(value: object, language: str) -> str:
    """A held value; a photo (a ``data:image/`` URI) shown as the picture."""
    if isinstance(value, str) and value.startswith("data:image/"):
        return f'<img src="{escape(value)}" alt="" style="max-width:12em">'
    return _text(value, language)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{header}</th>" for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _person(person: dict, language: str) -> str:
    _ = translations(language).gettext
    values = [
        [
            _text(v["label"], language) + f"<br><small>{_text(v['category'], language)}</small>",
            _value(v["value"], language),
            _text(v["purpose_label"], language),
            _text(v["legal_basis"]["label"], language)
            + f"<br><small>{_text(v['legal_basis']['uu_pdp'], language)}; "
            + f"{_text(v['legal_basis']['gdpr'], language)}</small>",
            _text(v["source"], language),
            _text(v["retention_until"] or _("until the visit ends"), language),
            ", ".join(_text(r, language) for r in v["recipients"]),
        ]
        for v in person["values"]
    ]
    consents = [
        [
            _text(c["purpose"], language),
            _text(c["given_at"], language),
            _text(c["withdrawn_at"] or "-", language),
        ]
        for c in person["consents"]
    ]
    visits = [
        [
            _text(v["checked_in_at"], language),
            _text(v["checked_out_at"] or "-", language),
            _text(v["badge_number"], language),
        ]
        for v in person["visits"]
    ]
    received = [
        [_text(r["at"], language), _text(r["recipient"], language)] for r in person["received"]
    ]
    trail = [
        [
            _text(t["at"], language),
            _text(t["action"], language),
            _text(t["by"], language),
            _text(t["field"] or "", language),
            _text(t["purpose"] or "", language),
            _text(t["detail"], language),
        ]
        for t in person["trail"]
    ]
    headings = (
        _("Values held"),
        _("Consents"),
        _("Visits"),
        _("Who received your data"),
        _("What was done with your data"),
    )
    return "".join(
        (
            f"<h3>{headings[0]}</h3>",
            _table(
                [
                    _("Kind"),
                    _("Value"),
                    _("Purpose"),
                    _("Legal basis"),
                    _("Source"),
                    _("Kept until"),
                    _("Recipients"),
                ],
                values,
            ),
            f"<h3>{headings[1]}</h3>",
            _table([_("Purpose"), _("Given"), _("Withdrawn")], consents),
            f"<h3>{headings[2]}</h3>",
            _table([_("Arrived"), _("Left"), _("Badge")], visits),
            f"<h3>{headings[3]}</h3>",
            _table([_("When"), _("Recipients")], received),
            f"<h3>{headings[4]}</h3>",
            _table([_("When"), _("What"), _("By"), _("Field"), _("Purpose"), _("Detail")], trail),
        )
    )


def _section(document: dict, language: str) -> str:
    _ = translations(language).gettext
    controller = document["controller"]
    intro = _(
        "{controller} holds the data below about you at {site}, under its privacy policy of "
        "{version}. Text someone else wrote about you (such as your host's note) is left out."
    ).format(
        controller=_text(controller["name"], language),
        site=escape(document["site"]),
        version=escape(document["policy_version"]),
    )
    contact = _("Questions, corrections or erasure: {email}, {address}.").format(
        email=escape(controller["email"]), address=_text(controller["address"], language)
    )
    people = "".join(_person(person, language) for person in document["people"])
    heading = _("Your data")
    return (
        f'<section lang="{language}"><h2>{heading}</h2><p>{intro}</p><p>{contact}</p>'
        f"{people}</section>"
    )


def render_export(document: dict) -> str:
    sections = "".join(_section(document, language) for language in document["languages"])
    style = "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px}"
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(document["site"])}'
        f"</title><style>{style}</style></head><body>{sections}</body></html>"
    )
