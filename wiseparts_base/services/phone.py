"""Phone numbers in E.164 (``+33612345678``), the form matching, calls and WhatsApp use."""

import phonenumbers


def to_e164(number, region=None):
    """The E.164 form of ``number`` or None when it is not a possible phone number.

    ``region`` (ISO country code, any case, e.g. ``"FR"``) reads national numbers
    (``06 12 34 56 78``); numbers written with ``+`` or ``00`` are read without it. A number
    is kept when its length is possible for its country (``is_possible_number``), even if no
    operator uses its prefix: a PBX or a customer file may hold numbers newer than
    ``phonenumbers``' metadata.
    """
    if not number:
        return None
    text = str(number).strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def national_digits(e164):
    """The national form of an E.164 number, digits only (``+3224561234`` → ``024561234``)."""
    if not e164:
        return None
    try:
        parsed = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(char for char in national if char.isdigit()) or None
