"""The meetings app's fixtures (a board meeting ahead with a decision, a held one with an overdue action item)."""

from entydig.meetings.tests.conftest import meetings  # noqa: F401  (a fixture, used by name)
