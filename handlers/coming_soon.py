"""Commands whose feature is not built yet: they explain themselves and say so politely instead of failing."""

from __future__ import annotations

from handlers.kit import Ctx, ephemeral, is_help, split_command

NOT_BUILT: tuple[str, ...] = ()  # every command is built; a new one starts here


def register(app) -> None:  # noqa: ANN001
    for name in NOT_BUILT:
        app.command(f"/{name}")(placeholder(name))


def placeholder(name: str):  # noqa: ANN201
    def handle(ack, command, context) -> None:  # noqa: ANN001
        ctx = Ctx.of(context)
        word, _ = split_command(command.get("text"))
        usage = ctx.t(f"help.{name}")
        if is_help(word):
            ack(**ephemeral(usage))
        else:
            ack(**ephemeral(ctx.t("not_built", command=name) + "\n\n" + usage))

    handle.__name__ = f"{name}_placeholder"
    return handle
