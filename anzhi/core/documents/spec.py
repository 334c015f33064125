from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    """A labelled value on the form (被检查单位：…)."""

    label: str
    value: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Signature:
    """A signature line: who signs in which capacity, and the date if signed."""

    role: str
    name: str = ""
    date: str = ""


@dataclass(frozen=True)
class Document:
    title: str
    number: str = ""
    issuer: str = ""
    fields: tuple[Field, ...] = ()
    body: tuple[Paragraph | Table, ...] = ()
    signatures: tuple[Signature, ...] = ()
    footer: str = ""
    meta: dict = field(default_factory=dict)
