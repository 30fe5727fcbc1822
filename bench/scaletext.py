"""The Scale goal's verdicts and its section of bench/RESULTS.md, from bench.scale's figures."""

GOAL_RATIO = 1.3
GOAL_CASES = {
    "v1_first": "v1 first page of 100 (count included)",
    "v1_deep": "v1 page of 100 at 90 % depth (count included)",
    "v2_first": "v2 first page of 100",
    "v2_deep": "v2 page of 100 at 90 % depth (cursor)",
}
OTHER_CASES = {
    "v1_most": "v1 first page of 100, `date_after=2000-01-01` (matches every order; count included)",
    "v1_deep_offset": "v1 page at 90 % depth, `date_after=2000-01-01`: the same rows, filtered, so ids by OFFSET",
    "v1_cookie": "v1 first page of 100, `cookie=chocolate-chip` (~3 orders in 8; counted from the cookie's lines)",
}


def _size(orders: str) -> str:
    count = int(orders)
    return f"{count // 1_000_000}M" if count >= 1_000_000 else f"{count // 1000}k"


def goal_rows(scale: dict) -> list[tuple[str, bool, str]]:
    """(goal, holds, figures) for each goal case: the median at the largest size ≤ GOAL_RATIO × at the smallest."""
    small, large = scale["from"], scale["to"]
    rows = []
    for case, label in GOAL_CASES.items():
        ratio = scale["ratios"][case]
        figures = ", ".join(
            f"{_size(orders)} {sized['cases'][case]['ms']:.2f} ms" for orders, sized in scale["sizes"].items()
        )
        goal = f"Scale: {label}, {_size(large)} orders ≤ {GOAL_RATIO:g}× {_size(small)} (median)"
        rows.append((goal, ratio <= GOAL_RATIO, f"{figures}: {ratio:.2f}×{_when(scale)}"))
    return rows


def _when(scale: dict) -> str:
    measured = scale.get("measured")
    return f" (--scale run of {measured['date']} on `{measured['commit']}`)" if measured else ""


def section(scale: dict) -> str:
    """Markdown: the figures at each size, the ratios, load times and memory, and how the count stays cheap."""
    sizes = scale["sizes"]
    header = " | ".join(["request", *(f"{_size(orders)} p50 / p90" for orders in sizes), "queries", "ratio"])
    lines = [
        f"\n## Scale: PostgreSQL, {' / '.join(_size(orders) for orders in sizes)} orders (`--scale`)\n",
        f"In process (test client, a real key, DEBUG off), ms per request: median / p90 of {scale['rounds']} "
        f"interleaved single requests; ratio = median at {_size(scale['to'])} / median at {_size(scale['from'])} "
        f"(goal ≤ {GOAL_RATIO:g}× for the first four){_when(scale)}.\n",
        f"| {header} |",
        "|---|" + "---:|" * (len(sizes) + 2),
    ]
    for case, label in {**GOAL_CASES, **OTHER_CASES}.items():
        cells = [f"{sized['cases'][case]['ms']:.2f} / {sized['cases'][case]['p90_ms']:.2f}" for sized in sizes.values()]
        queries = sizes[scale["to"]]["cases"][case]["queries"]
        lines.append(f"| {label} | {' | '.join(cells)} | {queries} | {scale['ratios'][case]:.2f}× |")
    lines += ["", "| orders | loaded in | RSS after warm-up | RSS at the end | peak RSS |", "|---:|" + "---:|" * 4]
    for orders, sized in sizes.items():
        memory = sized["memory"]
        loaded = "reused" if sized["load_s"] is None else f"{sized['load_s']:.0f} s"
        lines.append(
            f"| {int(orders):,} | {loaded} | {memory['before']['rss']:.0f} MB | {memory['after']['rss']:.0f} MB "
            f"| {memory['after']['peak']:.0f} MB |"
        )
    text = EXPLANATION.format(most=_across(scale, "v1_most"), cookie=_across(scale, "v1_cookie"))
    return "\n".join(lines) + "\n\n" + text + "\n"


def _across(scale: dict, case: str) -> str:
    sizes = scale["sizes"]
    figures = [f"{sized['cases'][case]['ms']:.1f} ms at {_size(orders)}" for orders, sized in sizes.items()]
    return ", ".join(figures) + f" ({scale['ratios'][case]:.1f}× from the smallest to the largest)"


EXPLANATION = """\
**How the count stays cheap and exact.** Every order has a `position`, its rank by id
(1 for the first), under a unique index. `orders.services.place_order` gives a new
order the last position + 1, read under the advisory lock that already makes orders
commit in id order, in the same query as the change time: no extra query, and no gap
(a checkout that rolls back takes its position with it). The positions of the orders
are then exactly 1..N, so the count of every order (`X-Total-Count` of an unfiltered
list) is the last position: one probe of that index, whatever N is, and exact at the
moment it is read, as `COUNT(*)` would be. The column is `NOT NULL`: no order can be
written without one. The shop never deletes an order (the admin refuses); a delete
made anyway renumbers the orders in its transaction (Order's `post_delete`), so the
count stays exact there too. A filtered list keeps an exact count over its filter,
which an index bounds for each filter (`date` for v1's `date_after`/`date_before`,
the lines' `(cookie, order)` for `cookie`, `(status, id)` for v2's `status`, added for
this): its cost grows with the orders that match, not with the table.

**What "deep" means.** The page that starts 90 % of the way down the list
(`page=9001` of 10,000 pages at 1M). A v1 page of the unfiltered list in id order
(either direction) is read as the range of positions it covers, `position > 900000
AND position <= 900100`, not as `OFFSET 900000`: the same rows (a test pins it against
OFFSET for every page), read from the index, at any depth. A deep page of a filtered
or otherwise ordered v1 list (always in a total order: ties end with the id) takes
the page's ids by an OFFSET over the ids alone, then reads those rows, in one
statement: still a walk of `OFFSET` index entries, but nothing joined or sorted on
the way (at 90 % of 1M filtered by date: ~1.7 s before, the row above now). A v2
page is a keyset cursor on the primary key (`id > …`, or `(updated_at, id) > …` with
its own index when syncing).

**A filter that matches most of the table** cannot use the positions: its count is a
`COUNT(*)` over the index of the filter, which walks every order that matches, so it
grows with the table: `date_after=2000-01-01` (every order) costs {most}. Counting
the orders it leaves out instead, when the planner expects fewer, was tried and left
out: two `EXPLAIN`s on every filtered request and SQL built from the negated filter,
for one case. Its deep page still walks an OFFSET (the row above). The `cookie` filter
alone is counted from that cookie's lines (one line per order and cookie, a unique
constraint), read from the `(cookie, order)` index alone, which also grows with the
orders that match: {cookie}. Filters combined with `cookie` are counted through the
join, by `COUNT(*)` of the orders that match.
"""
