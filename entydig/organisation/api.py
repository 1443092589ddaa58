"""Organisation endpoints of the REST API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["organisation"])
