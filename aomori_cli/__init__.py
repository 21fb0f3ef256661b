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


def main() -> None:
    """Console script. Ctrl-C while the modules load ends the process quietly, by the signal
    itself (the shell sees 130); from then on aomori_cli.cli.main turns it into exit 130."""
    try:
        import signal

        # Started with Ctrl-C ignored (`aomori … &` in a script): it stays ignored.
        if hasattr(signal, "SIGINT") and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
    except KeyboardInterrupt:  # Ctrl-C even before that: the same quiet end
        raise SystemExit(130) from None
    from aomori_cli.cli import main as cli_main

    cli_main()
