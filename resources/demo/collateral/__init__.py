"""The demo catalogue: every asset of the fictional vendor Northwind Software.

Northwind sells four products for workflow automation: Northwind Flow (the
process platform), Northwind Forms (no-code forms and approvals), Northwind
Connect (integrations) and Northwind Insights (process analytics). The modules
split the catalogue by where in the sales cycle a piece is used.
"""

from __future__ import annotations

from ..spec import AssetSpec
from . import aftersale, early, international, late, middle

ASSETS: tuple[AssetSpec, ...] = (
    early.ASSETS + middle.ASSETS + late.ASSETS + aftersale.ASSETS + international.ASSETS
)

__all__ = ["ASSETS"]
