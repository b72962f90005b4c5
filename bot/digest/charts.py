"""The digest's chart: created vs completed tasks per week for eight weeks, and the open-risk heat map (PNG).

matplotlib with the Agg backend (no display), imported on first use: only the clock and report paths pay for it.
"""

from __future__ import annotations

import io
import threading

from bot.digest.kpi import Report

_LOCK = threading.Lock()  # pyplot keeps global state; one figure at a time
# The chart's few words stay English: a fresh machine has no CJK font for matplotlib (glyphs would show as
# boxes); the digest message around the chart is in the reader's language.
LABELS = {"created": "created", "completed": "completed", "weeks": "Tasks per week", "risks": "Open risks",
          "likelihood": "likelihood", "impact": "impact"}


def band_colour(score: int) -> str:
    if score >= 20:
        return "#d7301f"  # critical
    if score >= 10:
        return "#fc8d59"  # high
    if score >= 5:
        return "#fdcc8a"  # medium
    return "#d9f0a3"  # low


def render(report: Report, locale: str) -> bytes:
    """The PNG (the same picture for every reader; see LABELS)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    words = LABELS
    with _LOCK:
        figure, (weeks, heat) = plt.subplots(1, 2, figsize=(10, 4), dpi=100,
                                             gridspec_kw={"width_ratios": [1.6, 1]})
        try:
            labels = [start.strftime("%m-%d") for start, _, _ in report.weekly]
            xs = range(len(labels))
            weeks.bar([x - 0.2 for x in xs], [c for _, c, _ in report.weekly], width=0.4, label=words["created"],
                      color="#9ecae1")
            weeks.bar([x + 0.2 for x in xs], [d for _, _, d in report.weekly], width=0.4, label=words["completed"],
                      color="#3182bd")
            weeks.set_xticks(list(xs), labels, fontsize=8)
            weeks.set_title(words["weeks"])
            weeks.legend(fontsize=8)
            for likelihood in range(1, 6):
                for impact in range(1, 6):
                    count = report.heat.get((likelihood, impact), 0)
                    heat.add_patch(plt.Rectangle((likelihood - 0.5, impact - 0.5), 1, 1,
                                                 color=band_colour(likelihood * impact), alpha=1 if count else 0.35))
                    if count:
                        heat.text(likelihood, impact, str(count), ha="center", va="center", fontsize=11)
            heat.set_xlim(0.5, 5.5)
            heat.set_ylim(0.5, 5.5)
            heat.set_xticks(range(1, 6))
            heat.set_yticks(range(1, 6))
            heat.set_xlabel(words["likelihood"])
            heat.set_ylabel(words["impact"])
            heat.set_title(words["risks"])
            figure.tight_layout()
            out = io.BytesIO()
            figure.savefig(out, format="png")
            return out.getvalue()
        finally:
            plt.close(figure)


def alt_text(report: Report) -> str:
    """What the chart shows, for screen readers and notifications."""
    weeks = ", ".join(f"{start:%b %d}: {created} created / {completed} completed"
                      for start, created, completed in report.weekly)
    risks = sum(report.heat.values())
    return (f"Bar chart of tasks per week — {weeks}. Heat map of {risks} open risks by likelihood and impact; "
            f"total exposure {report.exposure}.")[:1000]
