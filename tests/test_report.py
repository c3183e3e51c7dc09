"""framing.cards and framing.report: escaped, self-contained HTML, checked in headless Chromium."""

import shutil
import subprocess
from pathlib import Path

import pytest

import framing

# Untrusted statements: a script that would add an element to the page if it ever ran, and '&'.
SCRIPT = "<script>document.body.appendChild(document.createElement('div')).id = 'pw' + 'ned';</script>"
ROWS = [
    {"party": "US", "speaker": "Pompeo", "text": "The talks were productive & useful."},
    {"party": "US", "speaker": "Nauert", "text": f"The talks were encouraging {SCRIPT}"},
    {"party": "NK", "speaker": "KCNA <b>news</b>", "text": "The talks were not productive at all, said AT&T."},
    {"party": "NK <i>DPRK</i>", "speaker": None, "text": "The results of the talks are extremely worrisome."},
]


@pytest.fixture
def df(fake_scorer):
    return framing.compare(ROWS, scorer=fake_scorer)


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    browser = chromium()
    if browser is None:
        pytest.skip("headless Chromium not found (apt-get install -y chromium): the report is not checked in a browser")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'chromium-profile'}"]
    return subprocess.run([browser, *flags, *args], capture_output=True, text=True, timeout=180)


def test_cards_show_the_top_pairs_escaped_and_highlighted(df, fake_scorer):
    shown = framing.cards(df, top=3, detector=fake_scorer)
    assert len(shown) == 3 and shown.explanations is not None
    markup = shown._repr_html_()
    assert markup.count('<article class="framing-card">') == 3
    assert "<script" not in markup
    assert "KCNA &lt;b&gt;news&lt;/b&gt;" in markup and "<b>" not in markup
    assert "<mark" in markup and ">not</mark>" in markup  # the negation drives the rule scorer
    assert "p 0.900" in markup and "a→b 0.90 · b→a 0.90" in markup
    plain = framing.cards(df, top=2, explanations=None).html()
    assert "<mark" not in plain and plain.count("framing-card\"") == 2


def test_cards_reject_too_few_explanations(df, fake_scorer):
    with pytest.raises(ValueError, match="explanations expected one per card"):
        framing.cards(df, top=3, explanations=framing.explain(df, fake_scorer, top=1))


def test_report_is_self_contained_and_escapes_every_text(df, fake_scorer, tmp_path):
    path = framing.report(df, tmp_path / "clashes.html", detector=fake_scorer)
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page.lower()  # statements escaped, and the report itself has no scripts
    assert "&lt;script&gt;" in page and "AT&amp;T" in page and "productive &amp; useful" in page
    assert "NK &lt;i&gt;DPRK&lt;/i&gt;" in page and "<i>" not in page
    assert "src=\"data:image/png;base64," in page and "http" not in page.replace("http-equiv", "")
    assert "rule-scorer" in page and "decision threshold" in page
    assert page.count('<article class="framing-card">') == len(df)  # top=10 > 6 pairs


def test_report_in_headless_chromium(df, fake_scorer, tmp_path):
    path = framing.report(df, tmp_path / "clashes.html", detector=fake_scorer, top=4)
    dom = run_chromium(tmp_path, "--dump-dom", path.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = dom.stdout
    assert rendered.count('<article class="framing-card">') == 4
    assert 'id="pwned"' not in rendered  # the injected script did not run
    assert "&lt;script&gt;document.body" in rendered  # ...and shows as text
    assert "AT&amp;T" in rendered and "Pompeo" in rendered and "<mark" in rendered
    shot = tmp_path / "report.png"
    result = run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", path.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_report_of_an_empty_result(tmp_path):
    with pytest.warns(UserWarning):
        empty = framing.compare([("US", "a b")], model="unused")
    page = framing.report(empty, tmp_path / "empty.html").read_text()
    assert "No pairs were scored." in page
