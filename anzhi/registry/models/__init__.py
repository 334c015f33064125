from .enterprise import Enterprise, EnterprisePerson, Licence, StatusChange, Supervision
from .reference import Industry, Sector

__all__ = [
    "Enterprise",
    "EnterprisePerson",
    "Industry",
    "Licence",
    "Sector",
    "StatusChange",
    "Supervision",
]
