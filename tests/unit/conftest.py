"""Fixtures of the unit tests. Hypothesis is kept fast: at most 200 examples, no deadline."""

from __future__ import annotations

import pytest
from hypothesis import settings

from planner.catalogue import Programme
from tests.unit.support import IM, SL, programme

settings.register_profile("unit", max_examples=100, deadline=None)
settings.load_profile("unit")


@pytest.fixture(scope="session")
def sl() -> Programme:
    return programme(SL)


@pytest.fixture(scope="session")
def im() -> Programme:
    return programme(IM)
