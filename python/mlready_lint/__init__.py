"""mlready, installed from the Python package index.

The wheel (distribution ``mlready-lint``) carries the ``mlready`` binary in the installation's
scripts folder, where pip, pipx and uv put every console command; this package only finds it,
for ``python -m mlready_lint`` and for tools that want the path.
"""

from __future__ import annotations

import os
import sys
import sysconfig

__all__ = ["find_mlready_bin"]


def _candidates(exe: str) -> list[str]:
    """Where an installer may have put the binary, most likely first."""
    folders = [sysconfig.get_path("scripts")]

    # `pip install --user`
    if sys.version_info >= (3, 10):
        user_scheme = sysconfig.get_preferred_scheme("user")
    elif os.name == "nt":
        user_scheme = "nt_user"
    elif sys.platform == "darwin" and getattr(sys, "_framework", None):
        user_scheme = "osx_framework_user"
    else:
        user_scheme = "posix_user"
    folders.append(sysconfig.get_path("scripts", scheme=user_scheme))

    # `pip install --target DIR`: the package is in DIR, the binary in DIR/bin.
    site_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folders.append(os.path.join(site_dir, "bin"))

    # `pip install --prefix DIR` (or an interpreter that is not the one that installed it): the
    # scripts folder of the prefix whose library folder holds this package.
    if sys.version_info >= (3, 10):
        scheme = sysconfig.get_default_scheme()
    else:
        scheme = "nt" if os.name == "nt" else "posix_prefix"
    prefix = site_dir
    for _ in range(3):
        prefix = os.path.dirname(prefix)
        paths = {"base": prefix, "platbase": prefix}
        if os.path.normcase(sysconfig.get_path("purelib", scheme, paths)) == os.path.normcase(site_dir):
            folders.append(sysconfig.get_path("scripts", scheme, paths))
            break

    seen: list[str] = []
    for folder in folders:
        path = os.path.join(folder, exe)
        if path not in seen:
            seen.append(path)
    return seen


def find_mlready_bin() -> str:
    """Return the path of the ``mlready`` binary this package was installed with.

    Never searches ``PATH``: another ``mlready`` there (a cargo install, an unrelated project of
    the same name) is not the one this wheel carries.
    """
    exe = "mlready" + (sysconfig.get_config_var("EXE") or "")
    candidates = _candidates(exe)
    for path in candidates:
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(
        "the mlready binary of the mlready-lint package was not found; looked in:\n  "
        + "\n  ".join(candidates)
    )
