"""The HTML report: structure, self-containment, escaping, the CLI option, every sample log."""

from __future__ import annotations

import html
import warnings
from urllib.parse import unquote
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from xml.etree import ElementTree
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from report_runs import faulty_frame
from sample_runs import SAMPLE_LOGS

from lrdoctor import analyze
from lrdoctor.catalogue import load_catalogue
from lrdoctor.cli import main
from lrdoctor.findings import RunReport
from lrdoctor.report.html import render_html

URL_ATTRIBUTES = {"src", "href", "action", "poster", "data", "srcset", "formaction", "background"}


class Tags(HTMLParser):
    """The page's elements as parsed by a browser-like tokenizer: tag names and their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def urls(page: str) -> list[str]:
    return [value or "" for _, attrs in parse(page) for name, value in attrs.items() if name in URL_ATTRIBUTES]


def assert_self_contained(page: str) -> None:
    """Only data URIs and in-page anchors; no script, stylesheet link, frame, event handler or CSS url()."""
    for url in urls(page):
        assert url.startswith(("data:image/svg+xml,", "#")), url[:80]
    tags = parse(page)
    assert not {"script", "link", "iframe", "frame", "object", "embed", "base"} & {tag for tag, _ in tags}
    assert not [attrs for tag, attrs in tags if tag == "meta" and "http-equiv" in attrs]
    assert not [name for _, attrs in tags for name in attrs if name.startswith("on")]
    style = page[page.index("<style>"):page.index("</style>")]
    assert "url(" not in style and "@import" not in style


def images(page: str) -> list[bytes]:
    """The SVG documents of a page's data URIs."""
    return [unquote(html.unescape(m)).encode() for m in re.findall(r'src="data:image/svg\+xml,([^"]*)"', page)]


def is_plain_svg(data: bytes) -> bool:
    """An SVG document (parsed as XML) without script, foreign objects, event handlers or links out
    (only in-document references and embedded PNG rasters)."""
    root = ElementTree.fromstring(data)
    if not root.tag.endswith("svg"):
        return False
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] in ("script", "foreignObject", "iframe"):
            return False
        for name, value in element.attrib.items():
            if name.startswith("on") or (name.endswith("href") and not value.startswith(("#", "data:image/png;base64,"))):
                return False
    return True


def section(page: str, anchor: str) -> str:
    start = page.index(f'<section class="run" id="{anchor}">')
    return page[start:page.index("</section>", start)]


def test_single_run_has_verdict_cards_plots_and_docs(faulty_report: RunReport) -> None:
    page = render_html([faulty_report])
    assert page.startswith("<!DOCTYPE html>")
    rules = [f.rule for f in faulty_report.findings]
    assert {"optimizer-reset", "non-finite-loss", "exploding-gradients"} <= set(rules)
    assert f"{len(rules)} problems found" in page
    assert page.count('<article class="card') == len(rules)
    catalogue = load_catalogue()
    for number, finding in enumerate(faulty_report.findings, 1):
        card = page[page.index(f'id="run0-f{number}"'):]
        card = card[:card.index("</article>")]
        assert f"#{number} {finding.rule}" in card and finding.id in card
        assert f'class="badge {finding.severity}"' in card
        assert str(finding.step_start) in card.replace(",", "")
        if finding.fix:
            assert "fix = {" in card
        assert "<details><summary>About " + finding.rule in card
        what = catalogue[finding.rule].docs["what"]
        assert what[:40].replace("'", "&#x27;").replace('"', "&quot;") in card
    pictures = images(page)
    assert len(pictures) >= 3  # loss, lr, grad norm
    assert all(is_plain_svg(p) for p in pictures)
    for key in ("loss", "lr", "grad_norm"):
        assert f'id="run0-plot-{key}"' in page
    # exploding-gradients is shaded on the gradient-norm plot and its card says so
    card = page[page.index("#3 exploding-gradients") - 400:]
    assert 'href="#run0-plot-grad_norm"' in card[:1200]
    assert_self_contained(page)


def test_facts_come_from_meta_and_the_run(faulty_report: RunReport) -> None:
    page = render_html([faulty_report])
    facts = page[page.index('<dl class="facts">'):page.index("</dl>")]
    for text in ("SGD", "momentum=0.9", "1,234,567", "StepLR(step_size=500, gamma=0.1)", "0–2,999", "diverged"):
        assert text in facts, text


def test_healthy_run_lists_what_was_not_checked() -> None:
    rng = np.random.default_rng(0)
    step = np.arange(400)
    report = analyze(pd.DataFrame({"step": step, "loss": 2 * np.exp(-step / 100) + 0.5 + rng.normal(0, 0.01, 400)}), curves=True)
    page = render_html([report])
    assert "Healthy: no problems found" in page
    assert '<article class="card' not in page
    assert report.not_checked, "a loss-only log cannot be checked for everything"
    table = page[page.index("<h3>Not checked</h3>"):]
    for rule, reason in report.not_checked.items():
        assert f"<code>{rule}</code>" in table
        assert html.escape(reason) in table
    assert len(images(page)) == 1  # only the loss: no lr, grad norm or accuracy logged
    assert_self_contained(page)


def test_repairs_are_shown_as_notes() -> None:
    df = pd.DataFrame({"step": [0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9], "loss": np.linspace(2, 1, 11)})
    report = analyze(df)
    assert report.notes
    page = render_html([report])
    assert '<ul class="notes">' in page and "merged 1 rows" in page


def test_log_and_sidecar_text_is_escaped(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    frame = faulty_frame(n=800)
    frame["lr/<img src=x onerror=alert(2)>"] = 0.05
    frame["update_ratio/</style><script>alert(3)</script>"] = 1e-3
    log = tmp_path / "run<b>&x.csv"
    frame.to_csv(log, index=False)
    log.with_suffix(".json").write_text(json.dumps({
        "optimizer": evil, "scheduler": "<iframe src=//evil.example>", "task": "a & b",
        "optimizer_params": {"lr": 0.1, "momentum": evil},
    }))
    page = render_html([analyze(log, curves=True)])
    assert "<script" not in page.lower() and "<iframe" not in page.lower() and "<img src=x" not in page
    pictures = images(page)
    assert all(is_plain_svg(p) for p in pictures)
    assert any(b"&lt;img src=x onerror=alert(2)&gt;" in p for p in pictures)  # the lr group's legend
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    assert "run&lt;b&gt;&amp;x" in page and "a &amp; b" in page
    assert_self_contained(page)


def test_cli_writes_the_html_report_and_never_over_an_input(tmp_path: Path) -> None:
    log = tmp_path / "run.csv"
    faulty_frame(n=600).to_csv(log, index=False)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["analyze", str(log), "--html", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".report.html.*"))  # the temporary file was renamed
    before = log.read_bytes()
    result = CliRunner().invoke(main, ["analyze", str(log), "--html", str(log)])
    assert result.exit_code == 2 and "refusing to overwrite" in result.output
    assert log.read_bytes() == before


def sample_logs() -> list[Path]:
    return sorted(SAMPLE_LOGS.glob("*.csv"))


def render_sample(path: Path) -> tuple[RunReport, str]:
    """A sample run's report and its HTML page."""
    report = analyze(path, curves=True)
    return report, render_html([report])


@pytest.fixture(scope="module")
def sample_pages() -> dict[Path, tuple[RunReport, str]]:
    """Every sample log rendered, in parallel processes (matplotlib costs ~0.15 s a plot)."""
    paths = sample_logs()
    with ProcessPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        return dict(zip(paths, pool.map(render_sample, paths)))


@pytest.mark.parametrize("path", sample_logs(), ids=lambda p: p.stem)
def test_sample_log_report(path: Path, sample_pages: dict[Path, tuple[RunReport, str]]) -> None:
    report, page = sample_pages[path]
    assert_self_contained(page)
    part = section(page, "run0")
    assert part.count('<article class="card') == len(report.findings)
    assert ("Healthy: no problems found" in part) == (not report.findings)
    for number, finding in enumerate(report.findings, 1):
        assert f'id="run0-f{number}"' in part and f"#{number} {finding.rule}" in part
    pictures = images(part)
    assert all(is_plain_svg(p) for p in pictures)
    if report.facts is not None and report.facts.best_loss is not None:
        assert len(pictures) >= 2  # loss and lr at least
    else:  # a loss NaN from the first step: nothing to draw, and the page says so
        assert not pictures and "no finite training loss to draw" in part
    for rule in report.not_checked:
        assert f"<code>{rule}</code>" in part


@pytest.mark.parametrize("edit", ["inf_lr_group", "huge_loss", "huge_grad_norm", "huge_update_ratio",
                                  "losses_at_the_limit", "noisy_losses_at_the_limit", "lr_at_the_limit"])
def test_extreme_and_non_finite_values_never_reach_a_formatter_or_an_axis(tmp_path: Path, edit: str) -> None:
    """A real log with one extreme edit: an lr group that is inf throughout, a 1e308 loss, grad norm or
    update ratio, losses or an lr swinging across the float range. The HTML report is written, nothing
    is printed to stderr (no RuntimeWarning is raised), every finding renders."""
    frame = pd.read_csv(SAMPLE_LOGS / "mlp-adamw-warmup-cosine.csv")
    middle = len(frame) // 2
    if edit == "inf_lr_group":
        frame["lr/head"] = np.inf
    elif edit == "huge_loss":
        frame.loc[middle, "loss"] = 1e308
    elif edit == "huge_grad_norm":
        frame.loc[middle, "grad_norm"] = 1e308
    elif edit == "losses_at_the_limit":  # differences and spreads beyond the float range
        frame.loc[middle : middle + 9, "loss"] = [1.7e308, -1.7e308] * 5
    elif edit == "noisy_losses_at_the_limit":  # the smoothed level plus its spread overflows
        frame.loc[middle:, "loss"] = np.where(np.arange(len(frame) - middle) % 2, 1.7e308, 1e-3)
    elif edit == "lr_at_the_limit":
        frame.loc[middle:, "lr"] = np.where(np.arange(len(frame) - middle) % 2, 1.7e308, 1e-300)
    else:
        frame.loc[frame["update_ratio"].notna().to_numpy().nonzero()[0][5], "update_ratio"] = 1e308
    log = tmp_path / "run.csv"
    frame.to_csv(log, index=False)
    out = tmp_path / "report.html"
    with warnings.catch_warnings():  # in process, a warning would go to pytest, not to stderr: make it fail
        warnings.simplefilter("error", RuntimeWarning)
        result = CliRunner().invoke(main, ["analyze", str(log), "--html", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    assert page.count('<article class="card') == len(analyze(log).findings)
