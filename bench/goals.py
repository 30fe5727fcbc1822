"""Checks issue 8's goals against the figures of this run and says, for each, whether it holds."""

GOAL_RATIO = 3.0
GOAL_QUERIES = 4


def check(results: dict) -> list[tuple[str, bool, str]]:
    """(goal, holds, the figures that decide it) for each goal."""
    page100, page500 = results["list"]["100"], results["list"]["500"]
    per_order = results.get("per_order", {}).get("project", {})
    queries = {size: figures["queries"] for size, figures in results["list"].items()}
    p90_ratio_100 = page100["p90_ms"] / page100["floor_p90_ms"]
    return [
        (
            f"page of 100: full request ≤ {GOAL_RATIO:g}× the floor (median)",
            page100["ratio_to_floor"] <= GOAL_RATIO,
            f"{page100['ms']:.2f} ms vs {page100['floor_ms']:.3f} ms: {page100['ratio_to_floor']:.1f}×",
        ),
        (
            f"page of 100: p90 ≤ {GOAL_RATIO:g}× the floor's p90",
            p90_ratio_100 <= GOAL_RATIO,
            f"{page100['p90_ms']:.2f} ms vs {page100['floor_p90_ms']:.3f} ms: {p90_ratio_100:.1f}×",
        ),
        (
            f"page of 500: ≤ {GOAL_RATIO:g}× the floor (median)",
            page500["ratio_to_floor"] <= GOAL_RATIO,
            f"{page500['ms']:.2f} ms vs {page500['floor_ms']:.3f} ms: {page500['ratio_to_floor']:.1f}×",
        ),
        (
            "page of 500: time per order no worse than at 100",
            bool(per_order) and per_order["at_500"] <= per_order["at_100"],
            f"{per_order.get('at_500', float('nan')):.4f} ms vs {per_order.get('at_100', float('nan')):.4f} ms",
        ),
        (
            f"queries per list request ≤ {GOAL_QUERIES}, the same for every page size",
            max(queries.values()) <= GOAL_QUERIES and len(set(queries.values())) == 1,
            ", ".join(f"{size}: {count}" for size, count in queries.items()),
        ),
    ]


def table(results: dict) -> str:
    lines = ["Goals of issue 8, checked against this run\n", "| goal | holds | figures |", "|---|---|---|"]
    for goal, holds, figures in check(results):
        lines.append(f"| {goal} | {'yes' if holds else '**no**'} | {figures} |")
    return "\n".join(lines) + "\n"
