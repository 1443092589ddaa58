"""The word-level diff between versions: escaped, announced to screen readers, per section."""

from __future__ import annotations

from entydig.goals.versions import Version, compare, diff_html


def test_it_marks_removed_and_added_words_and_escapes_html() -> None:
    html = diff_html("Flere unge i <job>", "Flere unge i uddannelse")
    assert html == (
        'Flere unge i <del><span class="sr-only">slettet: </span>&lt;job&gt;</del>'
        '<ins><span class="sr-only">indsat: </span>uddannelse</ins>'
    )


def test_it_leaves_identical_text_unmarked() -> None:
    assert diff_html("Samme tekst", "Samme tekst") == "Samme tekst"


def test_it_compares_sections_including_goals_and_approval() -> None:
    old = Version(
        1,
        "lbf_approved",
        {"title": "A", "status": "lbf_approved", "lbf_approved_on": "2024-04-01", "goals": [{"title": "Mere tryghed"}]},
        False,
    )
    new = Version(
        2,
        "draft",
        {"title": "A", "status": "draft", "goals": [{"title": "Mere tryghed"}, {"title": "Stærkt naboskab"}]},
        True,
    )
    sections = {s.label: s for s in compare(old, new)}
    assert not sections["Titel"].changed
    assert sections["Overordnede mål"].changed
    assert "<ins>" in sections["Overordnede mål"].html and "Stærkt naboskab" in sections["Overordnede mål"].html
    assert "01.04.2024" in sections["Status og godkendelse"].html
