"""JSON report: everything the other formats show, machine-readable."""

from __future__ import annotations

import json

from mockinterview.report.common import top_tips
from mockinterview.report.views import SessionReview

REPORT_VERSION = 1


def render(review: SessionReview) -> str:
    """The report as a JSON document."""
    data = {"report_version": REPORT_VERSION, **review.to_dict()}
    data["summary"]["top_tips"] = top_tips(review)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
