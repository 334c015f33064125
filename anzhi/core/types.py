"""Bounded integer for API input: ids and counts outside a database integer's range are
bad input (400 naming the field), never an overflow inside the database (500)."""

from typing import Annotated

from pydantic import Field

DbInt = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
