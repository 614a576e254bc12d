"""The shipped data is found by a wheel (``_data``) and by an editable install (the source tree)."""

from __future__ import annotations

import hashlib

from socialviews.core.shipped import locate, shipped_data
from tests.conftest import REPO


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}


def test_the_installed_package_finds_the_repository_data_whatever_the_install():
    assert shipped_data("views.toml").read_bytes() == (REPO / "data" / "views.toml").read_bytes()
    assert _digests(shipped_data("labelled")) == _digests(REPO / "data" / "labelled")
    assert _digests(shipped_data("eval")) == _digests(REPO / "data" / "eval")


def test_a_wheel_layout_uses_the_package_data(tmp_path):
    package = tmp_path / "site-packages" / "socialviews"
    (package / "_data").mkdir(parents=True)
    (package / "_data" / "views.toml").write_text("x")
    assert locate(package, "views.toml") == package / "_data" / "views.toml"


def test_a_source_tree_without_package_data_uses_its_data_folder(tmp_path):
    package = tmp_path / "src" / "socialviews"
    package.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "data" / "labelled").mkdir(parents=True)
    assert locate(package, "labelled") == tmp_path / "data" / "labelled"


def test_without_either_the_package_path_is_named(tmp_path):
    package = tmp_path / "lib" / "socialviews"
    package.mkdir(parents=True)
    assert locate(package, "views.toml") == package / "_data" / "views.toml"
