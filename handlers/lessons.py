"""`/lesson` (being built: answers politely until then)."""

from handlers.coming_soon import placeholder


def register(app) -> None:  # noqa: ANN001
    app.command("/lesson")(placeholder("lesson"))
