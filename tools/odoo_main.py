#!/usr/bin/env python3
"""Start Odoo's command line (server or a sub-command such as ``wiseparts-demo``).

Same as ``odoo-bin``, plus one thing ``make test`` needs: when ``WP_TEST_RESULT`` names a
file, the test counts of the run (at-install and post-install, all databases) are written
there as JSON, so the summary line is exact instead of being guessed from log lines.
"""

import json
import os

import odoo.cli
from odoo.service import server

_preload_registries = server.preload_registries


def preload_registries(dbnames):
    rc = _preload_registries(dbnames)
    result_path = os.environ.get("WP_TEST_RESULT")
    if result_path:
        from odoo.modules.registry import Registry  # noqa: PLC0415

        counts = {"run": 0, "failed": 0, "skipped": 0}
        for dbname in dbnames or []:
            try:
                report = Registry.registries[dbname]._assertion_report
            except KeyError:
                continue
            counts["run"] += report.testsRun
            counts["failed"] += report.failures_count + report.errors_count
            counts["skipped"] += report.skipped
        with open(result_path, "w", encoding="utf-8") as out:
            json.dump(counts, out)
    return rc


server.preload_registries = preload_registries

if __name__ == "__main__":
    odoo.cli.main()
