"""A cluster of four departments, opened for 2025 with a two-criterion scoring sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from thidua.movements import clusters
from thidua.movements.models import ScoringSheet
from thidua.org.models import Cluster, ClusterMembership, ClusterRole


@dataclass
class Setup:
    units: list[Any]
    cluster: Cluster
    specialist: Any
    clerks: list[Any]
    sheet: ScoringSheet


@pytest.fixture
def setup(make_unit: Callable[..., Any], make_user: Callable[..., Any]) -> Setup:
    province = make_unit("Tỉnh Lạng Sơn")
    units = [make_unit(f"Sở {i}", parent=province, code=f"CUM{i}") for i in range(1, 5)]
    cluster = Cluster.objects.create(code="CUM-KT", name="Cụm thi đua các sở kinh tế", kind="cluster")
    ClusterMembership.objects.bulk_create([
        ClusterMembership(cluster=cluster, unit=u, year=2024,
                          role=ClusterRole.LEADER if i == 0 else ClusterRole.DEPUTY if i == 1 else ClusterRole.MEMBER)
        for i, u in enumerate(units)])
    specialist = make_user(role="specialist")
    clusters.open_cluster_year(cluster=cluster, year=2025, by=specialist)
    sheet = clusters.create_sheet(cluster=cluster, year=2025, by=specialist,
                                  closes_on=timezone.localdate() + dt.timedelta(days=10),
                                  criteria=[("Hoàn thành chỉ tiêu", 10, "Báo cáo"), ("Cải cách hành chính", 5, "")])
    clerks = [make_user(role="clerk", unit=u) for u in units]
    return Setup(units, cluster, specialist, clerks, sheet)
