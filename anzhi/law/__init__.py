"""Anzhi legal rules: pure Python, no Django, no database.

Every rule cites its article; numbers a lawyer may need to correct live in ``data/``
(see README.md in this package). Submodules:

- ``uscc``, ``idcard``  — identifier validation (GB 32100-2015, GB 11643-1999)
- ``workdays``          — official working-day calendar (State Council schedule)
- ``deadlines``         — statutory periods of 行政处罚法 and related laws
- ``accidents``         — accident grade and reporting periods (国务院令第493号)
- ``procedure``         — simple procedure and hearing rights (行政处罚法 Art 51, 63)
- ``statutes``          — penalty catalogue of 安全生产法 Art 93–114
- ``discretion``        — discretion (裁量) recommendation
- ``crimes``            — work-safety crimes to refer to the judiciary
"""
