"""What pyproject.toml cannot say: the wheel's packages are found, not listed, so a new folder
of the code, or a catalog added for a new language (``assets/locale/<code>/LC_MESSAGES``), is
never silently left out. The assets and the Alembic scripts ship inside the package (see
``[tool.setuptools.package-dir]``), where an installed kiosk finds them."""

from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
SHIPPED = {"kiosk": "kiosk", "kiosk.assets": "assets", "kiosk.store.migrations": "migrations"}
"""Each package, with the folder its files come from."""


def folders(package: str, folder: str) -> list[str]:
    """The package and every folder below it (data folders included) as package names."""
    root = HERE / folder
    below = sorted(
        path.relative_to(root)
        for path in root.rglob("*")
        if path.is_dir() and not path.name.startswith((".", "__"))
    )
    return [package, *(".".join((package, *path.parts)) for path in below)]


setup(packages=[name for package, folder in SHIPPED.items() for name in folders(package, folder)])
