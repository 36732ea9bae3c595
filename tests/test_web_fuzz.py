"""Fuzzing the JSON API from its own OpenAPI description (schemathesis): whatever the
parameters, no 5xx, and every answer fits the documented status codes and shapes."""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402

from kuntahaku.web.app import create_app  # noqa: E402

from .web_support import copy_index  # noqa: E402

pytestmark = pytest.mark.slow
EXAMPLES = 60


@pytest.fixture(scope="module")
def api_schema(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The API's OpenAPI description, loaded from the app over a copy of the corpus index."""
    src = request.getfixturevalue("corpus_index_dir")
    app = create_app(copy_index(src, tmp_path_factory.mktemp("web-fuzz") / "index"))
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_never_fails_on_any_input(case: Any) -> None:
    response = case.call(timeout=120)  # a busy machine can take seconds
    assert response.status_code < 500, (case.as_curl_command(), response.text[:500])
    # Every other check holds; a schema-valid request may still be refused (400) when a filter
    # names a theme, municipality or body the gazetteer does not know: the schema cannot list
    # every alias in every language.
    case.validate_response(response, excluded_checks=[positive_data_acceptance])


PAGE_PARAMS = (
    "q",
    "theme",
    "municipality",
    "body",
    "type",
    "lang",
    "year",
    "from",
    "to",
    "sort",
    "page",
    "ui",
)


@pytest.fixture(scope="module")
def page_client(api_schema: Any, request: pytest.FixtureRequest) -> Any:
    """A test client over the same app as the API fuzz."""
    from starlette.testclient import TestClient

    return TestClient(api_schema.app)


def test_the_pages_never_fail_on_any_input(page_client: Any) -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    value = st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "",
                "2021",
                "2021-13",
                "0",
                "-1",
                "999999",
                '"',
                "(",
                "AND",
                "*",
                "~",
                "date:[",
                "fi",
                "sv",
                "date",
                "kiertotalous",
                "Oulu",
            ]
        ),
    )
    params = st.dictionaries(st.sampled_from(PAGE_PARAMS), value, max_size=6)
    paths = st.sampled_from(
        [
            "/",
            "/doc/{v}",
            "/file/{v}",
            "/lists/{v}",
            "/lists/{v}/export.md",
            "/lists/{v}/export.{v}",
        ]
    )

    @given(path=paths, params=params, v=st.text(min_size=1, max_size=20))
    @settings(
        max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    def check(path: str, params: dict[str, str], v: str) -> None:
        from urllib.parse import quote

        url = path.replace("{v}", quote(v, safe=""))
        res = page_client.get(url, params=params, follow_redirects=False)
        assert res.status_code < 500, (url, params, res.text[:300])
        assert "Traceback" not in res.text

    check()
