"""How the API writes values that may be missing: dates as ISO 8601, decimals as numbers,
and null for either when there is none."""


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def number(value) -> float | None:
    return float(value) if value is not None else None
