"""CSV records as the sandbox loads them, for showing an SQL problem's public tables."""

from __future__ import annotations


def read_csv(text: str) -> list[list[str | None]]:
    """RFC 4180 records, as the sandbox loads them: an unquoted empty field is None (NULL), a quoted "" is ''.

    (csv.reader cannot tell the two apart before Python 3.12.)
    """
    records: list[list[str | None]] = []
    record: list[str | None] = []
    field: list[str] = []
    quoted = in_quotes = False
    i, n = 0, len(text)

    def end_field() -> None:
        nonlocal quoted
        value = "".join(field)
        record.append(value if (value or quoted) else None)
        field.clear()
        quoted = False

    while i < n:
        char = text[i]
        if in_quotes:
            if char == '"':
                if i + 1 < n and text[i + 1] == '"':
                    field.append('"')
                    i += 1
                else:
                    in_quotes = False
            else:
                field.append(char)
        elif char == '"':
            in_quotes = quoted = True
        elif char == ",":
            end_field()
        elif char in "\r\n":
            if char == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            end_field()
            records.append(record)
            record = []
        else:
            field.append(char)
        i += 1
    if field or record or quoted:
        end_field()
        records.append(record)
    return records
