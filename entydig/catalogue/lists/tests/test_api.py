"""POST /api/v1/lists/classify: the calculator, for anyone logged in; bad input answers 422 in Danish."""

from __future__ import annotations

import json
from typing import Any

from entydig.conftest import Cast

URL = "/api/v1/lists/classify"

# Ringparken on the list of 1.12.2019 (sn.dk 08.2020, dklf.dk), see test_classify.
RINGPARKEN = {
    "ruleset": "2018",
    "list_year": 2019,
    "residents": 2008,
    "pct_nonwestern": "57",
    "pct_outside_labour_edu": "41.2",
    "pct_convicted": "2.07",
    "national_pct_convicted": "0.66",
    "pct_basic_edu": "70.2",
    "income_pct_of_region": "57.7",
    "history": [
        {"list_year": 2015, "status": "ghetto"},
        {"list_year": 2016, "status": "ghetto"},
        {"list_year": 2017, "status": "ghetto"},
        {"list_year": 2018, "status": "haardt_ghetto"},
    ],
}


def _post(client: Any, body: dict[str, Any]) -> Any:
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_it_answers_401_to_anonymous_callers(cast: Cast) -> None:
    assert _post(cast.client(None), RINGPARKEN).status_code == 401


def test_it_classifies_ringparken_for_any_logged_in_user(cast: Cast) -> None:
    for role in ("outsider", "viewer"):
        response = _post(cast.client(role), RINGPARKEN)
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "haardt_ghetto"
        assert body["criteria"] == {
            "nonwestern": True,
            "labour": True,
            "crime": True,
            "education": True,
            "income": False,
        }
        assert body["criteria_met"] == 3
        assert body["years_on_list"] == 4
        assert body["margins"]["income"] == "2.7"
        assert body["margin_texts"]["income"] == "2,7 procentpoint fra grænsen"
        assert body["margin_texts"]["labour"] == "opfyldt med 1,2 procentpoint"
        assert body["thresholds"]["crime"] == "1.98"
        assert body["prevention"] is None


def test_it_answers_null_where_a_value_is_missing(cast: Cast) -> None:
    body = {"ruleset": "2021", "list_year": 2024, "residents": 1040, "pct_outside_labour_edu": "45"}
    answer = _post(cast.client("viewer"), body).json()
    assert answer["criteria"]["labour"] is True
    assert answer["criteria"]["crime"] is None and answer["margins"]["crime"] is None
    assert answer["status"] is None
    assert answer["prevention"]["status"] == "forebyggelsesomraade"


def test_it_accepts_the_2010_rules(cast: Cast) -> None:
    body = {
        "ruleset": "2010",
        "list_year": 2013,
        "residents": 1000,
        "pct_nonwestern": "29.2",
        "pct_outside_labour_edu": "41.6",
        "pct_convicted": "2.94",
    }
    answer = _post(cast.client("viewer"), body).json()
    assert (answer["status"], answer["criteria_met"]) == ("ghetto", 2)
    assert answer["criteria"]["education"] is None


def test_it_refuses_bad_input_with_danish_messages(cast: Cast) -> None:
    client = cast.client("viewer")
    cases = [
        ({**RINGPARKEN, "ruleset": "2030"}, "ruleset", "Ukendt værdi"),
        ({**RINGPARKEN, "pct_nonwestern": "101"}, "pct_nonwestern", "Må højst være 100"),
        ({**RINGPARKEN, "residents": -1}, "residents", "Skal være mindst 0"),
        ({**RINGPARKEN, "pct_convicted": "NaN"}, "pct_convicted", "Skal være et tal"),
        ({**RINGPARKEN, "national_pct_convicted": "0"}, "national_pct_convicted", "Skal være større end 0"),
        ({**RINGPARKEN, "history": [{"list_year": 2018, "status": "hard"}]}, "history.0.status", "Ukendt værdi"),
        (
            {**RINGPARKEN, "history": [{"list_year": 2018, "status": "ghetto"}, {"list_year": 2018, "status": "none"}]},
            "history",
            "Et år står flere gange: 2018",
        ),
    ]
    for body, field, message in cases:
        response = _post(client, body)
        assert response.status_code == 422, body
        errors = {e["field"]: e["msg"] for e in response.json()["detail"]}
        assert errors.get(field, "").startswith(message), errors
    missing = _post(client, {"ruleset": "2021"})
    assert missing.status_code == 422
    assert {e["field"]: e["msg"] for e in missing.json()["detail"]} == {"list_year": "Feltet skal udfyldes"}
