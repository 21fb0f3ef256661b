"""aomori: query Aomori Prefecture's report on its SME-support programmes."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # importlib.metadata costs ~25 ms to import; only pay it when the version is asked for.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("aomori")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(name)
