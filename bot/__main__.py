"""teambot's command line: `python -m bot [run|serve|socket|clock|console|migrate]` (also the `teambot` script).

With no command, teambot picks for you: the offline console when no Slack token is set, Socket Mode when an app
token is set, the HTTP server otherwise. Each command imports what it runs only when it runs, so `--help`,
`migrate` and a misconfiguration answer at once, without loading Bolt, matplotlib or the parsers.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from bot.config import ConfigError, Settings

log = logging.getLogger("teambot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="teambot", description="A Slack bot for project and operations teams.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="console without Slack tokens, else socket (SLACK_APP_TOKEN) or serve")
    serve = sub.add_parser("serve", help="HTTP server for Slack's requests (and the clock, unless --no-clock)")
    serve.add_argument("--no-clock", action="store_true", help="do not run the clock in this process")
    serve.add_argument("--port", type=int, help="overrides $PORT")
    socket_mode = sub.add_parser("socket", help="Socket Mode (needs SLACK_APP_TOKEN), with the clock")
    socket_mode.add_argument("--no-clock", action="store_true")
    sub.add_parser("clock", help="the clock alone: reminders, digests, retries")
    console = sub.add_parser("console", help="try teambot offline: no Slack, no tokens")
    console.add_argument("--user", default=os.environ.get("USER") or "me", help="your user name (default: $USER)")
    console.add_argument("--tz", help="your IANA time zone (default: $TZ or DEFAULT_TIMEZONE)")
    console.add_argument("--locale", default="en", choices=["en", "zh-CN"], help="your Slack language")
    sub.add_parser("migrate", help="bring the database schema up to date (alembic upgrade head)")
    purge = sub.add_parser("purge", help="delete everything teambot keeps about one workspace")
    purge.add_argument("team_id")
    purge.add_argument("--yes", action="store_true", help="really do it")
    make = sub.add_parser("makemigration", help="(developers) autogenerate a migration from the models")
    make.add_argument("message")
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env()
        command = args.command or "run"
        if command == "run":
            if not (settings.bot_token or settings.oauth):
                command = "console"
            else:
                command = "socket" if settings.app_token else "serve"
            args = parser.parse_args([command])
        _logging(settings, quiet=command == "console")
        return COMMANDS[command](settings, args)
    except ConfigError as exc:
        print(f"teambot: {exc}", file=sys.stderr)
        return 2


def _logging(settings: Settings, *, quiet: bool) -> None:
    level = settings.log_level if not quiet or settings.log_level_set else "WARNING"
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("apscheduler", "waitress.queue", "slack_sdk.web.base_client", "urllib3", "alembic.runtime.plugins"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" is normal under load


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runtime import open_database

    open_database(settings).dispose()
    print("database schema is up to date")
    return 0


def cmd_purge(settings: Settings, args: argparse.Namespace) -> int:
    from bot.admin.service import purge_workspace
    from bot.runtime import open_database

    if not args.yes:
        print(f"This deletes everything teambot keeps about workspace {args.team_id}. Add --yes to do it.")
        return 1
    db = open_database(settings)
    with db.session() as session:
        deleted = purge_workspace(session, args.team_id)
    db.dispose()
    print(f"deleted {sum(deleted.values())} rows for {args.team_id}: " +
          ", ".join(f"{table} {count}" for table, count in sorted(deleted.items())))
    return 0


def cmd_makemigration(settings: Settings, args: argparse.Namespace) -> int:
    from storage import migrate
    from storage.db import Database

    migrate.revision(Database(settings.database_url), args.message)
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runtime import Services
    from bot.web import make_server, make_wsgi

    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    threads = settings.web_threads
    services = Services.start(settings, clock=not args.no_clock, pool_size=threads + 4)
    assert services.app is not None
    port = args.port or settings.port
    accepting = threading.Event()
    accepting.set()
    server = make_server(make_wsgi(services.app, services.rt.db, accepting=accepting.is_set,
                                   signing_secret=settings.signing_secret),
                         host=settings.host, port=port, threads=threads)
    _exit_on_signals()
    log.info("teambot serving on port %s (%s threads, clock %s)", port, threads, "off" if args.no_clock else "on")
    try:
        server.run()  # waitress finishes in-flight requests (up to 5 s) when SystemExit arrives
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        accepting.clear()
        server.close()
        services.stop()
    log.info("teambot stopped")
    return 0


def cmd_socket(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import socket_mode_handler
    from bot.runtime import Services

    settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    services = Services.start(settings, clock=not args.no_clock, verify_signatures=False)
    assert services.app is not None
    handler = socket_mode_handler(services.app, settings.app_token)
    _exit_on_signals()
    try:
        handler.start()
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        handler.close()
        services.stop()
    return 0


def cmd_clock(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runtime import Services

    settings.require("SLACK_BOT_TOKEN")
    services = Services.start(settings, clock=False, with_app=False)
    _exit_on_signals()
    log.info("teambot clock running")
    try:
        services.run_clock_blocking()
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        services.stop()
    return 0


def cmd_console(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console import run_console

    return run_console(settings, user=args.user, tz=args.tz, locale=args.locale)


def _exit_on_signals() -> None:
    """SIGTERM (Heroku, systemd) and SIGINT stop the process the same graceful way."""

    def stop(signum, _frame) -> None:  # noqa: ANN001
        log.info("received signal %s: finishing in-flight work", signum)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


COMMANDS = {
    "serve": cmd_serve,
    "socket": cmd_socket,
    "clock": cmd_clock,
    "console": cmd_console,
    "migrate": cmd_migrate,
    "purge": cmd_purge,
    "makemigration": cmd_makemigration,
}

if __name__ == "__main__":
    sys.exit(main())
