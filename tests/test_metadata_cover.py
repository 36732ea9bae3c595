"""Metadata outside templates: a report's title, issuer, date and period from its cover's layout,
the printed name of a meeting document, a publication series' publisher, the deciding body."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest.metadata._lines import Line
from kuntahaku.ingest.metadata.bodies import proposal_body
from kuntahaku.ingest.metadata.cover import period_in
from kuntahaku.ingest.metadata.municipality import issuing_municipality
from kuntahaku.ingest.pipeline import process_file
from kuntahaku.models import STATUS_OK, Metadata
from kuntahaku.vocab.doctypes import narrower_types
from tests.conftest import FIXTURES, REAL_DOCS, SEEDS

REAL = FIXTURES / "real"


def _meta(path: Path, tmp_path: Path) -> Metadata:
    doc = process_file(path, Settings(index_dir=tmp_path, ocr=False))
    assert doc.status == STATUS_OK, doc.error
    return doc.metadata


def test_financial_statement_cover(tmp_path: Path) -> None:
    meta = _meta(REAL / "fi_senaatti_tilinpaatos_2024_pp1_3.pdf", tmp_path)
    # "Senaatti-kiinteistöt" is set largest on the cover and repeated in every page's footer:
    # the issuer, not the title.
    assert meta.title == "Toimintakertomus ja tilinpäätös 1.1.–31.12.2024"
    assert meta.municipality == "Senaatti-kiinteistöt"
    assert meta.doc_type == "financial_statement"
    assert meta.date == "2025-02-25"  # the signing date in the running header
    assert meta.period == "2024-01-01/2024-12-31"  # not the reader's date
    assert "financial_statement" in narrower_types("report")


@pytest.mark.slow
def test_instruction_title_by_size_and_date_in_the_letterhead(tmp_path: Path) -> None:
    meta = _meta(REAL / "sv_se_simrishamn_budgetanvisningar_2025-12-01_pp1_2.pdf", tmp_path)
    assert meta.title == "Tidplan och anvisningar för budget 2027–2031"
    assert meta.date == "2025-12-01"


def test_agenda_title_uses_the_name_the_letterhead_prints(tmp_path: Path) -> None:
    meta = _meta(REAL_DOCS / "fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf", tmp_path)
    assert meta.title.startswith("Tarkastuslautakunta kokouskutsu")
    assert meta.doc_type == "agenda"


@pytest.mark.slow
def test_publisher_of_a_publication_series_is_the_issuer(tmp_path: Path) -> None:
    meta = _meta(SEEDS / "002_4302fe300bc583a9.txt", tmp_path)
    assert meta.municipality == "Työ- ja elinkeinoministeriö"
    cited = [Line(1, 0, 0, "arviointi. Työ- ja elinkeinoministeriön julkaisuja 2020:47.")]
    assert issuing_municipality([], cited, []) == ""


def test_the_deciding_body_is_the_proposals_subject_not_the_history(tmp_path: Path) -> None:
    meta = _meta(REAL / "fi_oulu_paatos_2017_ouka-1444_tweb.doc", tmp_path)
    assert meta.body == "yhdyskuntalautakunta"  # "Kaupunginvaltuusto 09.01.2017 § 19" is history
    assert meta.municipality == "Oulu"
    assert meta.diary_numbers == ["OUKA/1444/10.00.02.02/2017"]
    line = Line(1, 0, 0, "Päätösehdotus Sivistyslautakunta päättää hyväksyä ehdotuksen.")
    assert proposal_body([line]) == "sivistyslautakunta"


def test_periods() -> None:
    assert period_in(["Tilinpäätös 1.1.2024–31.12.2024"]) == "2024-01-01/2024-12-31"
    assert period_in(["Toimintakertomus 1.1.–31.12.2023"]) == "2023-01-01/2023-12-31"
    assert period_in(["Kokous 5.6.2017"]) == ""
