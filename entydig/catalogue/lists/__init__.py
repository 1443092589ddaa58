"""The criteria of the official lists of vulnerable housing areas (almenboligloven § 61 a and § 61 b), as data with
their legal sources, and a pure classifier, margins and forecast over them (no models, no database)."""
