"""The shape of the code, checked: a feature's Slack listeners speak Bolt, its core does not; handlers do not lean
on each other; rules stay pure. (ruff's banned-api rule says the same about Bolt; this also covers `handlers`.)"""

import ast
from pathlib import Path

import pytest

from bot.features import FEATURES

ROOT = Path(__file__).resolve().parent.parent
SPEAK_BOLT = {"bot/app.py", "bot/web.py", "bot/console.py"}  # the wiring: the app, the WSGI server, the console


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)  # `from handlers import kit` is handlers.kit
            found |= {f"{node.module}.{alias.name}" for alias in node.names if node.module == "handlers"}
    return found


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", python_files("bot"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_never_imports_bolt_or_handlers(path):
    if str(path.relative_to(ROOT)) in SPEAK_BOLT:
        return
    bad = {name for name in imports(path) if name.split(".")[0] in ("slack_bolt", "handlers")}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", python_files("handlers"), ids=lambda p: p.name)
def test_no_handler_imports_another_handler(path):
    allowed = {"handlers.kit", "handlers.messages"} if path.name == "__init__.py" else {"handlers.kit"}
    bad = {name for name in imports(path) if name.startswith("handlers.") and name not in allowed}
    assert not bad, f"handlers/{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("feature", [f.name for f in FEATURES])
def test_rules_are_pure(feature):
    path = ROOT / "bot" / feature / "rules.py"
    if not path.exists():
        pytest.skip(f"{feature} has no rules module")
    bad = {name for name in imports(path)
           if name.split(".")[0] in ("sqlalchemy", "storage", "slack_sdk", "slack_bolt", "handlers")}
    assert not bad, f"bot/{feature}/rules.py imports {sorted(bad)}"
