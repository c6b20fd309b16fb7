"""The site's entity column and report page come from the metadata stored with the run."""

from tests.site.conftest import ALPHA, ESG, _checks, _cite
from tests.support.observations import observation as obs
from verifier.models import ReportMeta
from verifier.site.build import write_site
from verifier.site.collect import collect
from verifier.store import HistoryStore, RunSummary

OTHER = "reports/other-layout.txt"


def test_entity_from_the_latest_run_of_each_report(tmp_path):
    db = tmp_path / "h.sqlite"
    with HistoryStore.open(db) as store:
        for entity in ("Alpha Old Name Ltd.", "Alpha <b>Aluminium</b> Ltd."):
            run = store.start_run(["check", ALPHA, OTHER])
            store.record_report_meta(run, ALPHA, ReportMeta(entity=entity, standard="V3.1"))
            store.record_report_meta(run, OTHER, ReportMeta())
            store.record_observation(run, obs(ESG, observed_at="2026-11-20T06:00:00.000000Z"))
            store.record_citation(run, _cite(ALPHA, "6.1a-f", ESG, "ESG"), _checks(True))
            store.record_citation(run, _cite(OTHER, "6.1a-f", ESG, "ESG"), _checks(True))
            store.finish_run(run, "complete", RunSummary(reports=(ALPHA, OTHER)))
        site = collect(store, "2026-11-23T06:00:00Z")
    entities = {r.name: r.entity for r in site.reports}
    assert entities == {ALPHA: "Alpha <b>Aluminium</b> Ltd.", OTHER: None}
    write_site(site, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text()
    assert "<td>Alpha &lt;b&gt;Aluminium&lt;/b&gt; Ltd.</td>" in index  # escaped, not markup
    assert "Alpha Old Name" not in index
    assert "not stated" in index  # the report without an overview table
