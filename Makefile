# WiseParts: `make run` serves a demo database, `make test` runs every test, `make lint` lints,
# `make test-odoo` runs Odoo's own tests of the apps we extend with WiseParts installed.
PYTHON ?= python3
export PYTHON

.PHONY: run test test-odoo lint check pot

check:
	$(PYTHON) tools/wp.py check

run:
	$(PYTHON) tools/wp.py run

test:
	$(PYTHON) tools/wp.py test $(if $(ADDONS),--addons $(ADDONS))

test-odoo:
	$(PYTHON) tools/wp.py test-odoo

lint:
	$(PYTHON) -m pip install -q --disable-pip-version-check -r requirements-lint.txt
	$(PYTHON) tools/lint.py

# Export translation templates: make pot ADDONS=wiseparts_base
pot:
	$(PYTHON) tools/wp.py pot $(ADDONS)
