"""The chart of RESULTS.md: time of a list request per page size, project against floor."""

from pathlib import Path

from bench.goals import RATIO_GOALS


def draw(results: dict, path: Path) -> None:
    """Medians as points joined by lines, p90 as the top of each whisker, log-log axes."""
    # Imported here: matplotlib's objects would otherwise sit in the heap the GC walks while timing.
    import matplotlib

    matplotlib.use("Agg")  # no display: write PNG files only
    import matplotlib.pyplot as plt

    sizes = [int(size) for size in results["list"]]
    figure, axes = plt.subplots(figsize=(8, 5), dpi=100)
    for name, p50, p90, style in (("project", "ms", "p90_ms", "o-"), ("floor", "floor_ms", "floor_p90_ms", "s--")):
        medians = [results["list"][str(size)][p50] for size in sizes]
        tops = [results["list"][str(size)][p90] - median for size, median in zip(sizes, medians, strict=True)]
        axes.errorbar(sizes, medians, yerr=[[0] * len(sizes), tops], fmt=style, capsize=4, label=f"{name} (p50, p90)")
        for size, median in zip(sizes, medians, strict=True):
            axes.annotate(f"{median:.2f} ms", (size, median), textcoords="offset points", xytext=(6, -12), fontsize=8)
    # Issue 16's goal for each page size: the project's median at most this many times the floor's.
    goals = [
        (size, results["list"][str(size)]["floor_ms"] * RATIO_GOALS[str(size)])
        for size in sizes
        if str(size) in RATIO_GOALS
    ]
    if goals:
        axes.plot(*zip(*goals, strict=True), "x", color="green", markersize=9, label="goal (floor × the issue's ratio)")
    for size in sizes:
        figures = results["list"][str(size)]
        axes.annotate(
            f"×{figures['ratio_to_floor']:.1f}", (size, figures["ms"]), textcoords="offset points", xytext=(-10, 10)
        )
    axes.set_xscale("log")
    axes.set_yscale("log")
    top = max(figures["p90_ms"] for figures in results["list"].values())
    axes.set_ylim(top=top * 2)  # room for the ratio labels
    axes.set_xticks(sizes, [str(size) for size in sizes])
    axes.set_xlabel("page_size (first page of GET /api/v1/orders)")
    axes.set_ylabel("ms per request (in process)")
    axes.set_title(f"Project vs floor, median of {results['rounds']} interleaved rounds (×: project / floor)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
