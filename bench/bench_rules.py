"""Rules-engine benchmarks. Prints figures; never asserts time.

    BENCH eligibility_case_ms <median ms> ms   one JSON case parsed and evaluated (scalar engine)
    BENCH eligibility_eval_s <seconds> s       200,000 people x 10 years x every individual title/form (batch)
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from thidua.rules.batch import Population, evaluate_population  # noqa: E402
from thidua.rules.catalog import load_catalog  # noqa: E402
from thidua.rules.engine import evaluate  # noqa: E402
from thidua.rules.model import parse_case  # noqa: E402

PEOPLE = 200_000
FIRST, LAST = 2016, 2025
AS_OF = date(2025, 12, 20)

CASE = {
    "award": "CSTD_TINH",
    "year": 2025,
    "as_of": "2025-12-20",
    "subject": {"kind": "individual", "direct_worker": False, "sex": "F", "members": None},
    "ratings": [{"year": 2023, "rating": "HTXSNV"}, {"year": 2024, "rating": "HTTNV"}],
    "awards": [{"code": "LAO_DONG_TIEN_TIEN", "year": 2023}, {"code": "BK_TINH", "year": 2019, "decided_on": "2019-12-30"},
               {"code": "CSTD_CO_SO", "year": 2024}, {"code": "CSTD_CO_SO", "year": 2025}],
    "initiatives": [{"year": 2024, "scope": "co_so"}],
    "discipline": [{"form": "KHIEN_TRACH", "from": "2024-03-01", "to": "2024-09-01"}],
    "positions": [{"title": "Giám đốc sở", "from": "2012-01-01", "to": "2025-06-30"}],
}


def bench_case(repeats: int = 300) -> float:
    catalog = load_catalog()
    text = json.dumps(CASE)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        evaluate(parse_case(json.loads(text), catalog.award_codes), catalog)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def synthetic_population(rng: random.Random) -> Population:
    """Columnar synthetic registry: plausible shares, built directly as person bitsets."""
    n = PEOPLE
    everyone = (1 << n) - 1

    def share(p: float) -> int:  # bits set with probability ~p (p a multiple of 1/8)
        k = round(p * 8)
        bits = 0
        for _ in range(k):  # union of k disjoint-ish eighths is close enough for a benchmark
            bits |= rng.getrandbits(n) & rng.getrandbits(n) & rng.getrandbits(n)
        return bits & everyone

    pop = Population(n, FIRST, LAST, AS_OF)
    for y in range(FIRST, LAST + 1):
        htxs = share(0.25)
        httnv = share(0.625) & ~htxs
        htnv = share(0.125) & ~htxs & ~httnv
        pop.ratings.setdefault("HTXSNV", {})[y] = htxs
        pop.ratings.setdefault("HTTNV", {})[y] = httnv
        pop.ratings.setdefault("HTNV", {})[y] = htnv
        pop.ratings.setdefault("KHTNV", {})[y] = everyone & ~(htxs | httnv | htnv) & share(0.125)
        pop.justified[y] = share(0.125) & ~(htxs | httnv)
        ldtt = (htxs | httnv) & ~share(0.125)
        pop.awards.setdefault("LAO_DONG_TIEN_TIEN", {})[y] = ldtt
        pop.awards.setdefault("CSTD_CO_SO", {})[y] = ldtt & htxs & share(0.625)
        for code, p in (("CSTD_TINH", 0.125), ("BK_TINH", 0.125), ("BK_TTG", 0.125), ("HC_LAO_DONG_3", 0.125),
                        ("HC_LAO_DONG_2", 0.125), ("CSTD_TOAN_QUOC", 0.125)):
            pop.awards.setdefault(code, {})[y] = share(p) & (htxs if code.startswith("CSTD") else everyone)
        for scope, p in (("co_so", 0.375), ("tinh", 0.125), ("toan_quoc", 0.125)):
            one = share(p)
            pop.initiatives.setdefault(scope, {})[y] = [one, one & share(0.25), 0]
        pop.disciplined_during.setdefault("KHIEN_TRACH", {})[y] = share(0.125) & share(0.125)
    pop.disciplined_on_as_of["KHIEN_TRACH"] = share(0.125) & share(0.125)
    return pop


def bench_population() -> tuple[float, dict[str, int]]:
    catalog = load_catalog()
    pop = synthetic_population(random.Random(20251220))
    awards = sorted(code for code, a in catalog.for_date(AS_OF).version.awards.items() if "individual" in a.subjects)
    start = time.perf_counter()
    counts = {code: evaluate_population(pop, code, LAST, catalog).bit_count() for code in awards}
    return time.perf_counter() - start, counts


def main() -> None:
    case_ms = bench_case()
    eval_s, counts = bench_population()
    print(f"BENCH eligibility_case_ms {case_ms:.3f} ms")
    print(f"BENCH eligibility_eval_s {eval_s:.3f} s")
    for code, count in counts.items():
        if count:
            print(f"# {code}: {count} eligible of {PEOPLE}", file=sys.stderr)


if __name__ == "__main__":
    main()
