"""Tables of the reports app: indicators, targets, entered values, rollups and campaigns."""

from .campaigns import Answer, Campaign, CampaignField
from .indicators import EnteredValue, Indicator, ProvinceRank, Rollup, Target

__all__ = ["Answer", "Campaign", "CampaignField", "EnteredValue", "Indicator", "ProvinceRank", "Rollup", "Target"]
