"""The geocoding adapter: one place that talks to the geocoding service."""

import requests

TIMEOUT = 15  # seconds (connect and each read)
USER_AGENT = "WiseParts territory geocoder (Odoo 18 base_geolocalize)"


class GeocodingError(Exception):
    """The service could not be asked or did not answer usefully."""


class NominatimClient:
    """OpenStreetMap Nominatim's search API (the default provider of Odoo's
    base_geolocalize), with a timeout and an administrator-configured base URL."""

    def __init__(self, url, session=None):
        self.url = url
        self.session = session or requests

    def find(self, address):
        """(latitude, longitude) of ``address``, or None when the service knows no place."""
        try:
            response = self.session.get(
                self.url,
                params={"format": "json", "q": address, "limit": 1},
                headers={"User-Agent": USER_AGENT},
                timeout=TIMEOUT,
            )
            response.raise_for_status()
            places = response.json()
        except requests.RequestException as error:
            raise GeocodingError(str(error)) from error
        except ValueError as error:
            raise GeocodingError("the answer is not JSON") from error
        if not isinstance(places, list):
            raise GeocodingError("unexpected answer")
        if not places:
            return None
        try:
            return float(places[0]["lat"]), float(places[0]["lon"])
        except (KeyError, TypeError, ValueError) as error:
            raise GeocodingError("unexpected answer") from error
