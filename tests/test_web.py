"""The web app in process (Starlette's test client over the real app and the corpus index):
pages, filters in the URL, the document page and file, the JSON API against the CLI's JSON,
reading lists shared with the CLI, languages, and safety (escaping, CSP, CSRF, token, 4xx)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from kuntahaku.cli import cli
from kuntahaku.search import SearchRequest, run_search
from kuntahaku.store import DocumentStore
from kuntahaku.web.app import create_app
from kuntahaku.web.i18n import UI_LANGS, accept_language, catalogue
from kuntahaku.web.params import SearchState

from .web_support import copy_index, csrf_of, links, text_of


@pytest.fixture(scope="module")
def web_index(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the corpus index (this module saves reading lists in it)."""
    src = request.getfixturevalue("corpus_index_dir")
    return copy_index(src, tmp_path_factory.mktemp("web") / "index")


@pytest.fixture(scope="module")
def client(web_index: Path) -> Iterator[TestClient]:
    """The app over the copy, in English unless a test asks otherwise."""
    with TestClient(create_app(web_index), headers={"Accept-Language": "en"}) as c:
        yield c


def cli_json(index: Path, *args: str) -> object:
    result = CliRunner().invoke(cli, ["--index", str(index), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def doc_id_of(index: Path, name: str) -> str:
    with DocumentStore(index) as store:
        return store.find(name).doc_id


# -- search page -------------------------------------------------------------------------------


def test_search_page_lists_documents_with_highlighted_snippets(
    client: TestClient, web_index: Path
) -> None:
    res = client.get("/", params={"q": "kiertotalous"})
    assert res.status_code == 200
    total = run_search(web_index, SearchRequest(query="kiertotalous")).total
    text = text_of(res.text)
    assert re.search(rf"\b{total} documents \(\d+ matching passages\) in \d+ ms", text)
    assert re.search(r"<mark>[Kk]iertotalou\w*</mark>", res.text)
    # Each hit says where it stands: date, type, page, and a link to the file at that page.
    assert all(f"<dt>{label}</dt>" in res.text for label in ("Date", "Type", "Page"))
    assert any(re.fullmatch(r"/file/[0-9a-f]+#page=\d+", h) for h, _ in links(res.text))


def test_renditions_of_one_text_are_folded_into_one_hit(client: TestClient) -> None:
    # corpus/seeds/002_*.txt, seed-pdfs/lo_txt_002.pdf and lo_fodt_002.pdf hold one text.
    res = client.get("/", params={"q": "kiertotalous"})
    names = [t for h, t in links(res.text) if h.startswith("/doc/")]
    hits_2 = [
        n for n in names if n in ("lo_txt_002.pdf", "lo_fodt_002.pdf", "002_4302fe300bc583a9.txt")
    ]
    assert "Also as:" in text_of(res.text)
    assert len(hits_2) == 2, names  # two of the three renditions listed under the third


def test_a_facet_link_filters_and_the_filter_can_be_removed(
    client: TestClient, web_index: Path
) -> None:
    res = client.get("/", params={"q": "talousarvio"})
    year_links = [(h, t) for h, t in links(res.text) if "year=" in h]
    assert year_links, "no year facet on the page"
    href, label = year_links[0]
    year, count = re.fullmatch(r"(\d{4}) \((\d+)\)", label).groups()  # type: ignore[union-attr]
    filtered = client.get(href)
    assert filtered.status_code == 200
    expected = run_search(web_index, SearchRequest(query="talousarvio", year=int(year))).total
    assert expected == int(count)
    assert f"{expected} documents" in text_of(filtered.text)
    # The active filter is shown, and its link takes the filter off again.
    remove = [h for h, t in links(filtered.text) if t == f"Year: {year} ×"]
    assert remove, "the active year filter is not shown"
    back = client.get(remove[0])
    assert dict(parse_qsl(urlsplit(remove[0]).query)) == {"q": "talousarvio"}
    assert text_of(back.text).startswith(text_of(res.text)[:200])


def test_the_page_state_is_all_in_the_url() -> None:
    state = SearchState.parse(
        {
            "q": "vety",
            "type": "minutes",
            "from": "2020",
            "to": "2024-06",
            "sort": "date",
            "page": "3",
        },
        {"theme": ["hydrogen_economy"], "municipality": ["Oulu", "Vantaa"]},
    )
    again = SearchState.parse(
        dict(parse_qsl(state.query_string())),
        {k: [v for n, v in state.pairs() if n == k] for k in ("theme", "municipality")},
    )
    assert again == state
    assert state.toggled("municipality", "Oulu").filters["municipality"] == ("Vantaa",)
    assert state.toggled("year", "2021").date_from == ""  # a year replaces the date range
    assert state.toggled("year", "2021").page == 1


def test_pages_and_sort(client: TestClient, web_index: Path) -> None:
    first = client.get("/", params={"q": "kaupunki"})
    second = client.get("/", params={"q": "kaupunki", "page": "2"})
    assert second.status_code == 200
    docs = lambda r: [h for h, _ in links(r.text) if h.startswith("/doc/")]  # noqa: E731
    assert docs(first) and docs(second) and not set(docs(first)) & set(docs(second))
    assert 'aria-current="page" href="/?q=kaupunki&amp;page=2"' in second.text
    by_date = client.get("/", params={"q": "kaupunki", "sort": "date"})
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', by_date.text)
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": '"kaupungin hallitus'}, 'unbalanced quote (") in query'),
        ({"q": "vety", "theme": "no-such-theme"}, "unknown theme 'no-such-theme'"),
        ({"q": "vety", "page": "x"}, "page must be a number from 1 to 500"),
        ({"q": "vety", "year": "21"}, "year must be four digits, not '21'"),
        ({"q": "vety", "year": "2021", "from": "2020"}, "give either a year or a date range"),
        ({"q": "vety", "lang": "klingon"}, "unsupported language 'klingon'"),
        ({"q": "vety", "from": "2021-13-01"}, "bad date '2021-13-01'"),
        ({"q": "vety", "sort": "random"}, "unknown sort 'random'"),
    ],
)
def test_bad_input_on_the_page_says_what_is_wrong(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    res = client.get("/", params=params)
    assert res.status_code == 400
    assert message in text_of(res.text)
    assert "Traceback" not in res.text
    assert 'role="alert"' in res.text


def test_markup_in_the_query_is_escaped(client: TestClient) -> None:
    res = client.get("/", params={"q": '<script>alert(1)</script> "x'})
    assert "<script>alert(1)" not in res.text
    assert "&lt;script&gt;alert(1)" in res.text
    assert res.headers["content-security-policy"].startswith("default-src 'none'")
    assert "script-src 'self'" in res.headers["content-security-policy"]
    assert res.headers["x-content-type-options"] == "nosniff"


# -- document page and file -----------------------------------------------------------------


def test_document_page_shows_metadata_sections_entities_and_marked_passages(
    client: TestClient, web_index: Path
) -> None:
    doc_id = doc_id_of(web_index, "fi_lapua_kh_poytakirja_2025-05-26.pdf")
    with DocumentStore(web_index) as store:
        doc = store.get(doc_id)
    assert doc is not None and doc.metadata.sections
    res = client.get(f"/doc/{doc_id}", params={"q": "talousarvio"})
    assert res.status_code == 200
    text = text_of(res.text)
    assert doc.metadata.title in text
    section = doc.metadata.sections[0]
    assert f"§ {section.number} {section.heading}" in " ".join(text.split())
    assert f'href="/file/{doc_id}#page={section.page}"' in res.text
    assert "<mark>" in res.text and "match “talousarvio”" in text
    assert "Municipalities" in text or "Organisations" in text


def test_the_original_file_is_served_by_id_only(client: TestClient, web_index: Path) -> None:
    doc_id = doc_id_of(web_index, "fi_lapua_kh_poytakirja_2025-05-26.pdf")
    with DocumentStore(web_index) as store:
        path = Path(store.get(doc_id).path)  # type: ignore[union-attr]
    res = client.get(f"/file/{doc_id}")
    assert res.status_code == 200
    assert res.headers["content-type"] == "application/pdf"
    assert res.content == path.read_bytes()
    for bad in (
        "..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        str(path).replace("/", "%2F"),
        doc_id[:6],
    ):
        r = client.get(f"/file/{bad}")
        assert r.status_code == 404, bad
        assert "root:" not in r.text


def test_an_original_html_file_cannot_run_scripts_on_our_origin(
    client: TestClient, web_index: Path
) -> None:
    doc_id = doc_id_of(web_index, "fi_helsinki_ahjo_decision_fixture.html")
    res = client.get(f"/file/{doc_id}")
    assert res.status_code == 200
    assert res.headers["content-security-policy"].startswith("sandbox")
    assert res.headers["x-frame-options"] == "SAMEORIGIN"  # our own viewer may frame it
    assert client.get("/").headers["x-frame-options"] == "DENY"


# -- JSON API --------------------------------------------------------------------------------


def test_api_search_has_the_shape_and_content_of_search_json(
    client: TestClient, web_index: Path
) -> None:
    api = client.get(
        "/api/search", params={"q": "kiertotalous", "limit": 5, "theme": "kiertotalous"}
    ).json()
    cli_out = cli_json(
        web_index, "search", "kiertotalous", "--theme", "kiertotalous", "--limit", "5", "--json"
    )
    assert api == cli_out
    page2 = client.get("/api/search", params={"q": "kiertotalous", "limit": 2, "offset": 2})
    assert [h["doc_id"] for h in page2.json()["hits"]] == [
        h["doc_id"]
        for h in cli_out["hits"][2:4]  # type: ignore[index]
    ]


def test_api_facets_and_document_match_the_cli(client: TestClient, web_index: Path) -> None:
    assert client.get("/api/facets", params={"q": "vety"}).json() == cli_json(
        web_index, "facets", "vety", "--json"
    )
    doc_id = doc_id_of(web_index, "fi_vantaa_kh_lausunto_tulevaisuuden_kunta_2017.pdf")
    assert client.get(f"/api/documents/{doc_id}").json() == cli_json(
        web_index, "show", doc_id, "--json"
    )


def test_api_errors_are_json_with_a_4xx_status(client: TestClient) -> None:
    cases = [
        ("/api/search?q=(vety", 400, "unbalanced parenthesis in query"),
        ("/api/search?q=vety&city=Atlantis", 400, ""),
        ("/api/search?q=vety&municipality=Atlantis", 400, "unknown municipality 'Atlantis'"),
        ("/api/search?limit=lots", 422, "limit"),
        ("/api/search?year=21", 422, "year"),
        ("/api/documents/0000000000ff", 404, "no ingested document has the id"),
        ("/api/lists/nope", 404, "no saved reading list 'nope'"),
        ("/api/nothing-here", 404, ""),
    ]
    for url, status, message in cases:
        res = client.get(url)
        if url.endswith("city=Atlantis"):  # an unknown parameter is ignored, as HTTP does
            assert res.status_code == 200
            continue
        assert res.status_code == status, url
        assert res.headers["content-type"] == "application/json"
        assert message in res.json()["error"], (url, res.json())


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {
        "/api/search",
        "/api/facets",
        "/api/documents/{doc_id}",
        "/api/lists",
        "/api/lists/{name}",
    } <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {
        "q",
        "theme",
        "municipality",
        "type",
        "lang",
        "year",
        "from",
        "to",
        "sort",
        "limit",
        "offset",
    } <= params
    assert not any(p.startswith("/doc") or p == "/" for p in spec["paths"])


# -- reading lists ---------------------------------------------------------------------------


def test_reading_lists_from_the_web_are_the_cli_s(client: TestClient, web_index: Path) -> None:
    res = client.get("/", params={"q": "kiertotalous"})
    csrf = csrf_of(res.text)
    docs = list(
        dict.fromkeys(h.split("?")[0][5:] for h, _ in links(res.text) if h.startswith("/doc/"))
    )[:3]
    # Without the form's token nothing changes (another site cannot post for the user).
    forged = client.post("/lists/add", data={"list": "forged", "doc_id": docs[0], "next": "/"})
    assert forged.status_code == 400
    for doc_id in docs:
        r = client.post(
            "/lists/add",
            data={
                "csrf": csrf,
                "list": "kierto",
                "doc_id": doc_id,
                "next": "/?q=kiertotalous",
                "search": "q=kiertotalous",
            },
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"].startswith("/?q=kiertotalous")
    assert (
        "Added to the reading list kierto." in client.get(r.headers["location"]).text
    )  # the outcome is said on the page it came back to
    ls = cli_json(web_index, "reading-list", "ls", "--json")
    assert [(x["name"], x["entries"]) for x in ls] == [("kierto", 3)]  # type: ignore[index]
    # Adding one twice says so.
    again = client.post(
        "/lists/add",
        data={"csrf": csrf, "list": "kierto", "doc_id": docs[0], "next": "/"},
        follow_redirects=True,
    )
    assert "is already in reading list 'kierto'" in text_of(again.text)
    # A note, a move by hand, then the exports carry both.
    client.post(
        "/lists/kierto/note",
        data={"csrf": csrf, "doc_id": docs[1], "note": "Tarkista <b>luvut</b>"},
    )
    client.post("/lists/kierto/layout", data={"csrf": csrf, "group_by": "none", "order": "manual"})
    order = [
        e["doc_id"] for g in client.get("/api/lists/kierto").json()["groups"] for e in g["entries"]
    ]
    client.post("/lists/kierto/up", data={"csrf": csrf, "doc_id": order[2]})
    moved = [
        e["doc_id"] for g in client.get("/api/lists/kierto").json()["groups"] for e in g["entries"]
    ]
    assert moved == [order[0], order[2], order[1]]
    page = client.get("/lists/kierto")
    assert "Tarkista &lt;b&gt;luvut&lt;/b&gt;" in page.text
    for fmt, ctype in (
        ("md", "text/markdown"),
        ("html", "text/html"),
        ("csv", "text/csv"),
        ("json", "application/json"),
    ):
        exp = client.get(f"/lists/kierto/export.{fmt}")
        assert exp.status_code == 200 and exp.headers["content-type"].startswith(ctype)
        assert "attachment" in exp.headers["content-disposition"]
        cli_exp = CliRunner().invoke(
            cli, ["--index", str(web_index), "reading-list", "export", "kierto", "--format", fmt]
        )
        if fmt != "json":
            assert "Tarkista" in exp.text
        assert exp.text.count("\n") == cli_exp.output.count("\n") or fmt == "md"
    client.post("/lists/kierto/remove", data={"csrf": csrf, "doc_id": docs[0]})
    assert cli_json(web_index, "reading-list", "ls", "--json")[0]["entries"] == 2  # type: ignore[index]
    client.post("/lists/kierto/delete", data={"csrf": csrf})
    assert cli_json(web_index, "reading-list", "ls", "--json") == []


def test_a_bad_list_name_or_a_foreign_redirect_is_refused(client: TestClient) -> None:
    csrf = csrf_of(client.get("/lists").text)
    r = client.post(
        "/lists/add",
        data={"csrf": csrf, "list": "../x", "doc_id": "abc", "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/?failed=")
    assert client.get("/lists/no-such-list").status_code == 404


# -- languages -------------------------------------------------------------------------------


def test_the_browser_language_picks_the_labels_and_the_switch_changes_them(
    web_index: Path,
) -> None:
    with TestClient(create_app(web_index)) as c:
        assert '<html lang="fi">' in c.get("/").text  # no preference: Finnish
        sv = c.get("/", headers={"Accept-Language": "sv-FI,sv;q=0.9,en;q=0.5"})
        assert '<html lang="sv">' in sv.text and "Sök i dokument" in sv.text
        en = c.get("/?ui=en", headers={"Accept-Language": "sv"})
        assert '<html lang="en">' in en.text and "Search documents" in en.text
        # The choice is remembered for the next page.
        assert '<html lang="en">' in c.get("/lists", headers={"Accept-Language": "sv"}).text
    assert accept_language("de-DE,de;q=0.9,sv;q=0.8") == "sv"
    assert accept_language("nb-NO") == ""


def test_every_label_exists_in_every_language() -> None:
    keys = {lang: set(catalogue(lang)) for lang in UI_LANGS}
    assert keys["fi"] == keys["sv"] == keys["en"]
    templates = Path(__file__).resolve().parent.parent / "kuntahaku" / "web" / "templates"
    used = {
        m
        for f in templates.glob("*.html")
        for m in re.findall(r"""t\(["']([a-z_]+\.[a-z_]+)["']""", f.read_text())
    }
    assert used <= keys["en"], used - keys["en"]


# -- access ----------------------------------------------------------------------------------


def test_a_token_keeps_everything_but_the_login_out(web_index: Path) -> None:
    with TestClient(create_app(web_index, token="s3cret-token")) as c:
        r = c.get("/?q=vety", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        refused = c.get("/api/search?q=vety")
        assert refused.status_code == 401 and "token" in refused.json()["error"]
        assert refused.headers["x-content-type-options"] == "nosniff"
        assert refused.headers["cache-control"] == "no-store"
        assert c.get("/file/abc", follow_redirects=False).status_code == 303
        assert (
            c.get(
                "/api/search?q=vety", headers={"Authorization": "Bearer s3cret-token"}
            ).status_code
            == 200
        )
        wrong = c.post("/login", data={"token": "guess", "next": "/"})
        assert wrong.status_code == 401
        ok = c.post(
            "/login", data={"token": "s3cret-token", "next": "/?q=vety"}, follow_redirects=False
        )
        assert ok.status_code == 303 and "httponly" in ok.headers["set-cookie"].lower()
        assert c.get("/?q=vety").status_code == 200


def test_serve_refuses_other_addresses_without_a_token(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--index", str(tmp_path), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "Error: serving on 0.0.0.0 lets other machines read the index: give --token" in (
        result.output
    )
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "none"), "serve"])
    assert result.exit_code == 2
    assert "no index here yet; run `kuntahaku ingest` first" in result.output


def test_worker_processes_share_the_form_key(
    web_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kuntahaku.web import app as web_app

    monkeypatch.setenv(web_app.ENV_INDEX, str(web_index))
    monkeypatch.setenv(web_app.ENV_TOKEN, "")
    monkeypatch.setenv(web_app.ENV_KEY, "ab" * 32)
    one, two = web_app.from_environment(), web_app.from_environment()
    with TestClient(one) as a, TestClient(two) as b:
        form = csrf_of(a.get("/lists").text)
        assert form == csrf_of(b.get("/lists").text)
        made = b.post("/lists", data={"csrf": form, "name": "shared"}, follow_redirects=False)
        assert made.status_code == 303 and made.headers["location"] == "/lists/shared"
        b.post("/lists/shared/delete", data={"csrf": form})
