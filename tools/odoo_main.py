#!/usr/bin/env python3
"""Start Odoo's command line (server or a sub-command such as ``wiseparts-demo``).

Same as ``odoo-bin``, plus one thing ``make test`` needs: when ``WP_TEST_RESULT`` names a
file, the test counts of the run (at-install and post-install, all databases) and the ids
of the failed tests (``addon:Class.method``, ``addon:Class.setUpClass`` when a class cannot
set up) are written there as JSON, so the summary is exact instead of being guessed from
log lines.
"""

import json
import os
import re
import unittest

import odoo.cli
from odoo.service import server

_preload_registries = server.preload_registries
FAILED = []


def test_id(test):
    """addon:Class.method of a test, a subtest or a class that failed to set up."""
    case = getattr(test, "test_case", test)  # a subtest reports its test
    if not isinstance(case, unittest.TestCase):
        # _ErrorHolder: "setUpClass (odoo.addons.sale.tests.test_x.TestX)"
        holder = re.match(r"(\w+) \(odoo\.addons\.(\w+)\.[\w.]*\.(\w+)\)$", str(test))
        return f"{holder[2]}:{holder[3]}.{holder[1]}" if holder else str(test)
    module = type(case).__module__
    addon = module.split(".")[2] if module.startswith("odoo.addons.") else module
    return f"{addon}:{type(case).__qualname__}.{case._testMethodName}"


def record_failures():
    """Keep the id of every failed test (imported only once tests are enabled: importing
    odoo.tests outside test mode logs an error)."""
    from odoo.tests import result  # noqa: PLC0415

    log_error = result.OdooTestResult.logError

    def log_failure(self, flavour, test, error):
        if not self._soft_fail:
            FAILED.append(test_id(test))
        return log_error(self, flavour, test, error)

    result.OdooTestResult.logError = log_failure


def preload_registries(dbnames):
    if os.environ.get("WP_TEST_RESULT") and odoo.tools.config["test_enable"]:
        record_failures()
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
        counts["failed_tests"] = sorted(set(FAILED))
        with open(result_path, "w", encoding="utf-8") as out:
            json.dump(counts, out)
    return rc


server.preload_registries = preload_registries

if __name__ == "__main__":
    odoo.cli.main()
