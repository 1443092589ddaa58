"""The benchmark's measurements; imported by bench/run.py once Django is set up on the bench database."""

from __future__ import annotations

import csv
import datetime as dt
import http.client
import io
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import features, figures_home, figures_lists, figures_money, figures_portfolio, generator
from entydig.accounts.models import User
from entydig.monitoring.models import Measurement
from entydig.organisation.models import Body, Membership, Plan

ROOT = Path(__file__).resolve().parent.parent
MISSING = "not measured: feature missing"
SERVER_SAMPLES = 20


@dataclass
class Options:
    plans: int
    areas: int
    years: int
    seed: int
    import_rows: int
    load_seconds: float
    load_clients: int
    port: int
    database: str
    results: Path


@dataclass
class Row:
    figure: str
    value: str
    goal: str
    holds: bool | None  # None: a fact, without a goal


def holds_text(holds: bool | None) -> str:
    return "–" if holds is None else ("yes" if holds else "no")


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    def add(self, figure: str, value: str, goal: str, holds: bool | None) -> None:
        self.rows.append(Row(figure, value, goal, holds))
        print(f"  {figure:<58} {value:<48} {goal:<8} {holds_text(holds)}", flush=True)


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def fmt(x: float, digits: int = 2) -> str:
    if digits == 2 and 0 < abs(x) < 0.1:
        digits = 3  # small ratios keep a significant digit
    return f"{x:.{digits}f}"


# --- users and requests -----------------------------------------------------------------------------------


def board_user(plan: Plan) -> User:
    """A login for the chair of the plan's board: a real read-only role, not a superuser shortcut."""
    seat = Membership.objects.select_related("person").get(body__plan=plan, body__kind=Body.Kind.BOARD, role="chair")
    user, _created = User.objects.get_or_create(
        username=f"bench-{plan.pk}", defaults={"person": seat.person, "first_name": seat.person.name}
    )
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get_ok(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def server_times(client: Client, urls: list[str], samples: int = SERVER_SAMPLES) -> list[float]:
    """Median time in ms of each URL, requests interleaved so that noise hits all of them alike."""
    for url in urls:
        for _ in range(3):
            get_ok(client, url)
    times: list[list[float]] = [[] for _ in urls]
    for _ in range(samples):
        for k, url in enumerate(urls):
            t0 = time.perf_counter()
            get_ok(client, url)
            times[k].append((time.perf_counter() - t0) * 1000)
    return [statistics.median(t) for t in times]


def query_count(client: Client, url: str) -> int:
    get_ok(client, url)  # warm caches that are meant to be warm (e.g. content types)
    with CaptureQueriesContext(connection) as ctx:
        get_ok(client, url)
    return len(ctx.captured_queries)


# --- the run ----------------------------------------------------------------------------------------------


def run(options: Options, started: float) -> int:
    report = Report()
    load_start = os.getloadavg()[0]
    scale = generator.Scale(plans=options.plans, areas=options.areas, years=options.years, seed=options.seed)
    step(f"migrate ({options.database})")
    call_command("migrate", verbosity=0, interactive=False)
    effort_areas = generator.load_effort_areas()

    step("demo scale: plan 0 alone")
    counts = generator.Counts()
    with transaction.atomic():
        generator.generate_plan(0, scale, effort_areas, counts)
    plan0 = Plan.objects.get(name=generator.plan_name(0))
    user0 = board_user(plan0)
    client0 = client_for(user0)
    minimal_url = features.minimal_url()
    dashboard_url = features.dashboard_url(plan0)
    demo_dashboard_ms, demo_minimal_ms = server_times(client0, [dashboard_url or minimal_url, minimal_url])

    step(f"national scale: plans 1-{options.plans - 1}, {options.areas} areas, {options.years} years")
    t0 = time.perf_counter()
    for index in range(1, options.plans):
        with transaction.atomic():
            generator.generate_plan(index, scale, effort_areas, counts)
        if (index + 1) % 20 == 0:
            step(f"  {index + 1}/{options.plans} plans")
    seed_seconds = time.perf_counter() - t0
    report.facts.append(
        f"Data: {options.plans} plans, {options.areas} areas, {options.years} years (seed {options.seed}): "
        + ", ".join(f"{n} {name}" for name, n in counts.rows.items() if "_" not in name)
        + f"; plans 1-{options.plans - 1} generated in {seed_seconds:.0f} s."
    )
    analyse()

    step("dashboard: server time")
    if dashboard_url:
        national_ms, minimal_ms = server_times(client0, [dashboard_url, minimal_url])
        # Each phase's dashboard time is taken relative to the minimal page timed alongside it, so that a
        # change in the machine's load between the phases does not show up as a change of scale.
        scaled = ratio(ratio(national_ms, minimal_ms), ratio(demo_dashboard_ms, demo_minimal_ms))
        report.add(
            "dashboard server time, national ÷ demo scale (median)",
            f"{fmt(scaled)} ({fmt(national_ms, 1)} ÷ {fmt(demo_dashboard_ms, 1)} ms; minimal page "
            f"{fmt(minimal_ms, 1)} ÷ {fmt(demo_minimal_ms, 1)} ms)",
            "≤ 1.5",
            scaled <= 1.5,
        )
        report.add(
            "dashboard ÷ minimal page server time (median)",
            f"{fmt(ratio(national_ms, minimal_ms))} ({fmt(national_ms, 1)} ÷ {fmt(minimal_ms, 1)} ms)",
            "≤ 5",
            ratio(national_ms, minimal_ms) <= 5,
        )
    else:
        report.add("dashboard server time, national ÷ demo scale (median)", MISSING, "≤ 1.5", False)
        report.add("dashboard ÷ minimal page server time (median)", MISSING, "≤ 5", False)

    step("dashboard: the first request after an import")
    dashboard_after_import(report, plan0, client0, dashboard_url, minimal_url)

    step("query counts at 5 and at 50 goals")
    query_counts(report, scale, effort_areas)

    step("pixi PDF")
    pixi(report, plan0, client0)

    step("finance page: server time, and query counts at 5 and at 50 activities")
    figures_money.finance(report, plan0, client0, minimal_url, effort_areas)

    step(f"load: {options.load_clients} clients × {options.load_seconds:.0f} s per page against gunicorn")
    load(report, options, client0, dashboard_url, minimal_url)

    step("the secretariat's front page, serving one plan and every plan")
    figures_home.front_page(report, plan0, minimal_url)

    step(f"the portfolio page: {figures_portfolio.FEW} plans and all {options.plans}, read by a portfolio reader")
    figures_portfolio.portfolio_page(report, figures_portfolio.national_plans(options.plans), minimal_url)

    step(f"classifying every area on {options.years} list years")
    figures_lists.classify_areas(
        report, figures_portfolio.national_plans(options.plans), client0, minimal_url, options.years
    )

    step(f"import of {options.import_rows} rows")
    import_figure(report, options, effort_areas)

    total = time.perf_counter() - started
    load_end = os.getloadavg()[0]
    report.facts.append(
        f"The whole bench took {total / 60:.1f} minutes; 1-minute load average {load_start:.1f} at the start, "
        f"{load_end:.1f} at the end (above 2 means other work shared the {os.cpu_count()} CPUs)."
    )
    write_results(report, options)
    step(f"done in {total / 60:.1f} min; results in {options.results}")
    return 0


def analyse() -> None:
    """Fresh planner statistics after the bulk load, as a deployment's autovacuum would have them."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- the first request after an import ---------------------------------------------------------------------


def dashboard_after_import(
    report: Report, plan: Plan, client: Client, dashboard_url: str | None, minimal_url: str
) -> None:
    """A board member opens the dashboard right after the secretariat imports the quarter's figures.

    Each sample imports the latest quarter of every quarterly indicator (each area and the plan as a whole) with
    new values, as `import_measurements` does for the secretariat, then times the dashboard's next request, and
    the minimal page beside it. Nothing the import changed can come from a cache.
    """
    figure = "dashboard's first request after an import ÷ minimal page server time (median)"
    if dashboard_url is None:
        report.add(figure, MISSING, "≤ 3", False)
        return
    path = ROOT / "var" / "bench-quarter.csv"
    for _ in range(3):
        get_ok(client, dashboard_url)
        get_ok(client, minimal_url)
    cold: list[float] = []
    minimal: list[float] = []
    imports: list[float] = []
    rows = 0
    for sample in range(SERVER_SAMPLES):
        rows = write_quarter_csv(path, plan, sample)
        imports.append(
            _timed(lambda: call_command("import_measurements", str(path), "--plan", str(plan.pk), stdout=io.StringIO()))
        )
        cold.append(_timed(lambda: get_ok(client, dashboard_url)))
        minimal.append(_timed(lambda: get_ok(client, minimal_url)))
    path.unlink(missing_ok=True)
    cold_ms, minimal_ms = statistics.median(cold) * 1000, statistics.median(minimal) * 1000
    report.add(
        figure,
        f"{fmt(ratio(cold_ms, minimal_ms))} ({fmt(cold_ms, 1)} ÷ {fmt(minimal_ms, 1)} ms)",
        "≤ 3",
        ratio(cold_ms, minimal_ms) <= 3,
    )
    report.facts.append(
        f"After an import: each of {SERVER_SAMPLES} samples imports the latest quarter of every quarterly indicator "
        f"of plan 0 ({rows} rows: each area and the plan as a whole; median "
        f"{fmt(statistics.median(imports) * 1000, 0)} ms with its audit records), then requests the dashboard once; "
        "the minimal page is timed beside it."
    )


def write_quarter_csv(path: Path, plan: Plan, sample: int) -> int:
    """The plan's latest quarter of its quarterly indicators, each value changed (up, then back down)."""
    last = f"{generator.LAST_YEAR}Q4"
    rows = list(
        Measurement.objects.filter(indicator__plan=plan, period=last, series__in=["area", "plan"], value__isnull=False)
        .order_by("indicator__code", "series", "area__code")
        .values_list("indicator__code", "area__code", "series", "value", "n")
    )
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["indicator", "area", "period", "value", "n"])
        for code, area, series, value, n in rows:
            assert value is not None
            step = Decimal("0.1") if sample % 2 == 0 else Decimal("-0.1")  # every value changes, none drifts away
            writer.writerow([code, area or series, last, f"{value + step:.1f}", n])
    return len(rows)


# --- query counts -----------------------------------------------------------------------------------------


def query_counts(report: Report, scale: generator.Scale, effort_areas: dict[str, Any]) -> None:
    plans = {}
    for index, goals in ((900, 5), (901, 50)):
        small = generator.Scale(
            plans=1, areas=3, years=3, seed=scale.seed, goals=goals, indicators=goals * 2
        )  # same shape, ten times the goals
        with transaction.atomic():
            data = generator.generate_plan(index, small, effort_areas, generator.Counts())
        plans[goals] = data.plan
    pages: list[tuple[str, Callable[[Plan], str | None]]] = [
        ("dashboard", features.dashboard_url),
        ("meeting page", features.meeting_url),
        ("follow-up list", features.followup_url),
    ]
    for name, url_of in pages:
        urls = {goals: url_of(plan) for goals, plan in plans.items()}
        if any(u is None for u in urls.values()):
            report.add(f"SQL queries of the {name}, 5 goals vs 50 goals", MISSING, "equal", False)
            continue
        counted = {goals: query_count(client_for(board_user(plans[goals])), str(urls[goals])) for goals in plans}
        report.add(
            f"SQL queries of the {name}, 5 goals vs 50 goals",
            f"{counted[5]} vs {counted[50]}",
            "equal",
            counted[5] == counted[50],
        )


# --- pixi PDF ---------------------------------------------------------------------------------------------


def pixi(report: Report, plan: Plan, client: Client) -> None:
    figure = "pixi PDF render time ÷ WeasyPrint on its frozen HTML"
    url = features.pixi_pdf_url(plan)
    if url is None:
        report.add(figure, MISSING, "≤ 3", False)
        return
    import weasyprint

    pdf = get_ok(client, url).content
    html = features.pixi_html(plan)
    document = weasyprint.HTML(string=html).render()
    pixi_s = statistics.median(_timed(lambda: get_ok(client, url)) for _ in range(5))
    floor_s = statistics.median(_timed(lambda: weasyprint.HTML(string=html).write_pdf()) for _ in range(5))
    report.add(
        figure,
        f"{fmt(ratio(pixi_s, floor_s))} ({fmt(pixi_s * 1000, 0)} ÷ {fmt(floor_s * 1000, 0)} ms)",
        "≤ 3",
        ratio(pixi_s, floor_s) <= 3,
    )
    report.facts.append(
        f"Pixi PDF: {len(pdf) // 1024} KiB, {len(document.pages)} pages; the floor is WeasyPrint rendering the "
        f"same HTML ({len(html) // 1024} KiB, charts inlined as SVG) as a static document."
    )


def _timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# --- load -------------------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    rps: float
    p95_ms: float
    errors: int
    requests: int


def load(report: Report, options: Options, client: Client, dashboard_url: str | None, minimal_url: str) -> None:
    if dashboard_url is None:
        report.add("load: requests/s, dashboard ÷ minimal page", MISSING, "≥ 0.3", False)
        report.add("load: p95, minimal page ÷ dashboard", MISSING, "≥ 0.3", False)
        return
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    server = start_gunicorn(options.port)
    try:
        for url in (dashboard_url, minimal_url):
            hammer(options.port, url, cookie, 2.0, 4)  # warm both workers
        dash = hammer(options.port, dashboard_url, cookie, options.load_seconds, options.load_clients)
        mini = hammer(options.port, minimal_url, cookie, options.load_seconds, options.load_clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report.add(
        "load: requests/s, dashboard ÷ minimal page",
        f"{fmt(ratio(dash.rps, mini.rps))} ({fmt(dash.rps, 1)} ÷ {fmt(mini.rps, 1)} req/s)",
        "≥ 0.3",
        ratio(dash.rps, mini.rps) >= 0.3 and dash.errors == 0,
    )
    report.add(
        "load: p95, minimal page ÷ dashboard",
        f"{fmt(ratio(mini.p95_ms, dash.p95_ms))} ({fmt(mini.p95_ms, 0)} ÷ {fmt(dash.p95_ms, 0)} ms)",
        "≥ 0.3",
        ratio(mini.p95_ms, dash.p95_ms) >= 0.3 and dash.errors == 0,
    )
    report.facts.append(
        f"Load: gunicorn with {gunicorn_workers()} sync workers on 127.0.0.1:{options.port}, "
        f"{options.load_clients} client threads (Python http.client) for {options.load_seconds:.0f} s per page; "
        f"dashboard {dash.requests} requests ({dash.errors} errors), minimal page {mini.requests} requests "
        f"({mini.errors} errors)."
    )


def gunicorn_workers() -> int:
    return max(2, os.cpu_count() or 2)


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    log = open(ROOT / "var" / "bench-gunicorn.log", "wb")  # noqa: SIM115 (lives as long as the server)
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(gunicorn_workers()),
            "--worker-class",
            "sync",
            "--backlog",
            "256",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start; see var/bench-gunicorn.log")


def hammer(port: int, path: str, cookie: str, seconds: float, clients: int) -> LoadResult:
    """`clients` threads send GET requests back to back on loopback for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def worker() -> None:
        local: list[float] = []
        failed = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while (t0 := time.perf_counter()) < deadline:
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    local.append((time.perf_counter() - t0) * 1000)
                else:
                    failed += 1
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
        conn.close()
        with lock:
            latencies.extend(local)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("inf")
    return LoadResult(rps=len(latencies) / elapsed, p95_ms=p95, errors=errors[0], requests=len(latencies))


# --- import -----------------------------------------------------------------------------------------------


def import_figure(report: Report, options: Options, effort_areas: dict[str, Any]) -> None:
    """import_measurements ÷ writing the same rows straight into the measurement table (the schema's own ceiling,
    goal ≥ 0.8); the ratio to a bare table without indexes, which no table with its guarantees can reach, is a fact."""
    figure = f"import rows/s: import_measurements ÷ {schema_floor_name()} into the measurement table"
    figure += f" ({options.import_rows} rows)"
    if "import_measurements" not in get_commands():
        report.add(figure, MISSING, "≥ 0.8", False)
        return
    per_area = sum(
        len(generator.periods_of(t[5], options.years)) for t in generator.INDICATORS
    )  # rows one area contributes
    areas = -(-options.import_rows // per_area)
    target = generator.Scale(plans=1, areas=areas, years=options.years, seed=options.seed, measurements=False)
    with transaction.atomic():
        data = generator.generate_plan(950, target, effort_areas, generator.Counts())
    path = ROOT / "var" / "bench-import.csv"
    rows = write_import_csv(path, data, options.years, options.import_rows)
    before = Measurement.objects.count()
    t0 = time.perf_counter()
    call_command("import_measurements", str(path), "--plan", str(data.plan.pk), stdout=io.StringIO())
    import_s = time.perf_counter() - t0
    stored = Measurement.objects.count() - before
    if stored != rows:
        raise RuntimeError(f"import stored {stored} of {rows} rows")
    floor_s = copy_floor(path) if connection.vendor == "postgresql" else executemany_floor(path)
    schema_s = schema_floor(path, data)
    import_rate, floor_rate, schema_rate = rows / import_s, rows / floor_s, rows / schema_s
    report.add(
        figure,
        f"{fmt(ratio(import_rate, schema_rate))} ({thousands(import_rate)} ÷ {thousands(schema_rate)} rows/s)",
        "≥ 0.8",
        ratio(import_rate, schema_rate) >= 0.8,
    )
    report.facts.append(
        f"Import: the same {rows} rows written straight into the measurement table itself ({schema_floor_name()}, "
        f"ids and period starts prepared beforehand; {schema_shape()}; commit included) load at "
        f"{thousands(schema_rate)} rows/s: the ceiling of the import with this schema. Against a {floor_name()} "
        f"({thousands(floor_rate)} rows/s), which no table with indexes and constraints can reach, import_measurements "
        f"stands at {fmt(ratio(import_rate, floor_rate))} and the measurement table itself at "
        f"{fmt(ratio(schema_rate, floor_rate))}."
    )
    path.unlink(missing_ok=True)


def thousands(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def floor_name() -> str:
    return "COPY into a bare table" if connection.vendor == "postgresql" else "executemany into a bare table"


def write_import_csv(path: Path, data: generator.PlanData, years: int, limit: int) -> int:
    """The file a secretariat would get from LBF: one row per indicator, area and period."""

    def rows() -> Iterator[list[str]]:
        n = 0
        for area in data.areas:
            for k, indicator in enumerate(data.indicators):
                level = generator.INDICATORS[k % len(generator.INDICATORS)][6]
                for j, (period, _start) in enumerate(generator.periods_of(indicator.frequency, years)):
                    if n >= limit:
                        return
                    n += 1
                    yield [indicator.code, area.code, period, f"{level + (j % 7) * 0.3:.1f}", str(20 + j % 50)]

    count = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["indicator", "area", "period", "value", "n"])
        for row in rows():
            writer.writerow(row)
            count += 1
    return count


def copy_floor(path: Path) -> float:
    """PostgreSQL COPY of the same file into a table with no index or constraint: the physical floor."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_floor (indicator text, area text, period text, value numeric(14, 4), n integer)"
        )
    t0 = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        path.open("rb") as f,
        cursor.cursor.copy("COPY bench_floor FROM STDIN (FORMAT csv, HEADER true)") as copy,
    ):
        while chunk := f.read(1 << 20):
            copy.write(chunk)
    elapsed = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")
    return elapsed


def schema_floor_name() -> str:
    return "one COPY" if connection.vendor == "postgresql" else "one executemany"


def schema_shape() -> str:
    """What the database maintains per measurement row: '6 indexes, 2 checks and 2 foreign keys'."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Measurement._meta.db_table).values()
    indexes = sum(1 for c in constraints if c.get("index") or c.get("primary_key"))
    checks = sum(1 for c in constraints if c.get("check"))
    keys = sum(1 for c in constraints if c.get("foreign_key"))
    return f"{indexes} indexes, {checks} checks and {keys} foreign keys"


def schema_floor(path: Path, data: generator.PlanData) -> float:
    """The rows of the file stored straight into the real measurement table: the floor of our own schema.

    Codes become ids and periods get their start before the clock starts, so only the database's work is timed.
    The imported rows are deleted (and vacuumed away) first; this load puts the same rows back.
    """
    from entydig.core.periods import parse_period

    indicators = {i.code: i.pk for i in data.indicators}
    areas = {a.code: a.pk for a in data.areas}
    stamp = dt.datetime.now(dt.UTC)
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [
            (indicators[code], "area", areas[area], period.canonical, period.start, value, n, False, "", "", stamp)
            for code, area, period_text, value, n in reader
            for period in (parse_period(period_text),)
        ]
    table = Measurement._meta.db_table
    columns = "indicator_id, series, area_id, period, period_start, value, n, suppressed, source_note, note, updated_at"
    Measurement.objects.filter(indicator_id__in=list(indicators.values())).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {table}")
    if connection.vendor == "postgresql":
        text = "".join("\t".join("\\N" if v is None else str(v) for v in row) + "\n" for row in rows)
        t0 = time.perf_counter()
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,  # noqa: S608 - fixed names
        ):
            for start in range(0, len(text), 1 << 20):
                copy.write(text[start : start + (1 << 20)])
        return time.perf_counter() - t0
    ops = connection.ops
    values = [
        (
            *row[:4],
            ops.adapt_datefield_value(row[4]),
            row[5],
            int(row[6]),
            *row[7:10],
            ops.adapt_datetimefield_value(stamp),
        )
        for row in rows
    ]
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 11)})",  # noqa: S608 - fixed names
            values,
        )
    return time.perf_counter() - t0


def executemany_floor(path: Path) -> float:
    """SQLite has no COPY: parse the file with csv and insert with one executemany into a bare table."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_floor (indicator text, area text, period text, value numeric, n integer)")
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        cursor.executemany(
            "INSERT INTO bench_floor VALUES (%s, %s, %s, %s, %s)",
            ((r[0], r[1], r[2], float(r[3]), int(r[4])) for r in reader),
        )
    elapsed = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")
    return elapsed


# --- results ----------------------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    memory = "? GiB"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc), {model}, {memory} memory, {platform.system()} {platform.release()}"


def write_results(report: Report, options: Options) -> None:
    now = dt.datetime.now(dt.UTC)
    lines = [
        "# Entydig benchmark results",
        "",
        f"- Date: {now:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        f"- Database: {options.database}",
        f"- Python {platform.python_version()}; command: `make bench`",
        *[f"- {fact}" for fact in report.facts],
        "",
        "| figure | value | goal | holds |",
        "|---|---|---|---|",
        *[f"| {r.figure} | {r.value} | {r.goal} | {holds_text(r.holds)} |" for r in report.rows],
        "",
    ]
    if connection.vendor != "postgresql":
        lines.append(
            "On SQLite the import floor is a bare `executemany` insert into a table without indexes "
            "(SQLite has no COPY)."
        )
        lines.append("")
    lines += [f"{note}\n" for note in report.notes]
    options.results.write_text("\n".join(lines), encoding="utf-8")
