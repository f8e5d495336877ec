"""The kiosk greets a guest by a name they recognise and onlookers learn little from, and
never by an initial made from something that is not a family name."""

import pytest

from kiosk.services.greeting import greeting_name


@pytest.mark.parametrize(
    ("name", "greeted"),
    [
        ("Siti Rahmawati", "Siti R."),
        ("Sukarno", "Sukarno"),
        ("  Budi  ", "Budi"),
        ("John O'Brien-Smith, Jr.", "John O."),
        ("Martin Luther King III", "Martin K."),
        ("Siti Nurhaliza binti Tarudin", "Siti N."),
        ("Muhammad bin Salman", "Muhammad"),
        ("Anisa Putri", "Anisa"),
        ("Dewi Putri Lestari", "Dewi L."),
        ("Raden Ajeng Kartini", "Kartini"),
        ("Hj. Siti Aminah", "Siti A."),
        ("Nguyễn Thị Minh Khai", "Khai"),
        ("Nguyen Van An", "An"),
        ("José Müller-Lüdenscheidt", "José M."),
        ("Ахмед Иванов", "Ахмед И."),
        ("Maria 'Alia", "Maria A."),
    ],
)
def test_a_latin_name_is_greeted_by_given_name_and_a_real_family_initial(name, greeted) -> None:
    assert greeting_name(name) == greeted


@pytest.mark.parametrize(
    "name",
    ["محمد بن سلمان", "王芳", "שרה כהן", "ณัฐพล ศรีสุข", "अनिल कुमार", "ნინო ბერიძე", "Ahmad محمد"],
)
def test_a_name_in_a_script_without_initials_is_never_cut_to_one(name) -> None:
    assert greeting_name(name) == name
