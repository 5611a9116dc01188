# pylint: disable=consider-merging-classes-inherited
import logging
import time

from odoo import api, fields, models
from odoo.tools import SQL

from ..services.geocoder import GeocodingError, NominatimClient

_logger = logging.getLogger(__name__)
# monotonic time of this process's last request to the geocoding service
_LAST_REQUEST = [0.0]

DEFAULT_NOMINATIM_URL = "https://nominatim.openstreetmap.org/search"
BATCH = 50  # addresses per cron run: ~1 minute at one request per second


class WisepartsGeocodeCache(models.Model):
    """One row per address ever asked: the same address is never asked twice, and the
    newest row's date paces the requests (one per second, whatever the worker)."""

    _name = "wiseparts.geocode.cache"
    _description = "Geocoded Address"
    _order = "id desc"

    address = fields.Char(required=True, index=True, readonly=True)
    latitude = fields.Float(digits=(10, 7), readonly=True)
    longitude = fields.Float(digits=(10, 7), readonly=True)
    state = fields.Selection(
        [("found", "Found"), ("not_found", "Not Found"), ("error", "Error")],
        required=True,
        readonly=True,
    )
    message = fields.Char(readonly=True)
    asked_at = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    _sql_constraints = [("address_uniq", "UNIQUE (address)", "This address is already cached.")]

    @api.model
    def _client(self):
        url = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("wiseparts_territory.nominatim_url", DEFAULT_NOMINATIM_URL)
        )
        return NominatimClient(url)

    @api.model
    def _wait_for_rate_limit(self):
        """Sleep until one second has passed since the last request of any worker: the last
        request of this process (monotonic clock) and the last one stored by any worker
        (``asked_at`` is stored to the second: counted from the end of that second)."""
        self.flush_model(["asked_at"])
        rows = self.env.execute_query(
            SQL(
                "SELECT EXTRACT(EPOCH FROM (clock_timestamp() at time zone 'UTC') - MAX(asked_at))"
                " FROM %s",
                SQL.identifier(self._table),
            )
        )
        elapsed = rows[0][0]
        delay = 1.0 - (time.monotonic() - _LAST_REQUEST[0])
        if elapsed is not None:
            delay = max(delay, 1.0 - (float(elapsed) - 1.0))
        if delay > 0:
            time.sleep(min(delay, 2.0))
        _LAST_REQUEST[0] = time.monotonic()

    @api.model
    def _geocode(self, addresses):
        """{address: cache row} for ``addresses``, asking the service only for those never
        asked, one per second."""
        cached = {row.address: row for row in self.search([("address", "in", list(addresses))])}
        client = self._client()
        for address in addresses:
            if address in cached:
                continue
            self._wait_for_rate_limit()
            vals = {"address": address, "asked_at": fields.Datetime.now()}
            try:
                found = client.find(address)
            except GeocodingError as error:
                vals.update(state="error", message=str(error)[:250])
            else:
                if found:
                    vals.update(state="found", latitude=found[0], longitude=found[1])
                else:
                    vals.update(state="not_found")
            cached[address] = self.create(vals)
            self.flush_model()
        return cached


class ResPartner(models.Model):
    _inherit = "res.partner"

    wiseparts_geocode_state = fields.Selection(
        [("failed", "Failed")],
        string="Geocoding",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    wiseparts_geocode_message = fields.Char(string="Geocoding Problem", readonly=True, copy=False)

    def write(self, vals):
        if {"street", "street2", "zip", "city", "state_id", "country_id"} & set(vals):
            vals = {**vals, "wiseparts_geocode_state": False, "wiseparts_geocode_message": False}
        return super().write(vals)

    @api.model
    def _wiseparts_geocode_domain(self):
        return [
            ("is_wiseparts_customer", "=", True),
            ("wiseparts_geocode_state", "=", False),
            "|",
            ("partner_latitude", "=", False),
            ("partner_latitude", "=", 0),
            "|",
            ("city", "!=", False),
            ("zip", "!=", False),
        ]

    @api.model
    def _wiseparts_cron_geocode(self):
        """Geocode customers without coordinates, BATCH per run, reporting progress (the
        cron runs again at once while some remain)."""
        Cache = self.env["wiseparts.geocode.cache"]
        Geocoder = self.env["base.geocoder"]
        domain = self._wiseparts_geocode_domain()
        partners = self.search(domain, limit=BATCH, order="id")
        address_of = {
            partner: Geocoder.geo_query_address(
                street=partner.street,
                zip=partner.zip,
                city=partner.city,
                state=partner.state_id.name,
                country=partner.country_id.name,
            )
            for partner in partners
        }
        results = Cache._geocode(list(dict.fromkeys(address_of.values())))
        for partner, address in address_of.items():
            result = results[address]
            if result.state == "found":
                partner.write(
                    {
                        "partner_latitude": result.latitude,
                        "partner_longitude": result.longitude,
                        "date_localization": fields.Date.context_today(self),
                    }
                )
            else:
                partner.write(
                    {
                        "wiseparts_geocode_state": "failed",
                        "wiseparts_geocode_message": result.message
                        or self.env._("Address not found: %(address)s", address=address),
                    }
                )
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(partners), remaining=remaining)
        return len(partners)

    def action_wiseparts_geocode(self):
        """Start (or hurry) the background geocoding."""
        self.env.ref("wiseparts_territory.ir_cron_geocode_customers").sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "Customers without coordinates are being geocoded in the background, "
                    "one address per second."
                ),
            },
        }
