"""Phone numbers in E.164 (``+33612345678``), the form WhatsApp and matching use."""

import phonenumbers


def to_e164(number, region=None):
    """The E.164 form of ``number`` or None when it is not a possible phone number.

    ``region`` (ISO country code, e.g. ``"FR"``) reads national numbers (``06 12 34 56 78``);
    numbers written with ``+`` or ``00`` are read without it. WhatsApp ids are E.164 digits
    without the ``+`` (``33612345678``): pass them with a leading ``+``.
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


def wa_id_to_e164(wa_id):
    """WhatsApp's sender id (digits of the international number) to E.164."""
    digits = "".join(char for char in str(wa_id or "") if char.isdigit())
    return to_e164("+" + digits) if digits else None
