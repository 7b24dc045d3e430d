"""Calls for proposals (申报指南) and project applications (项目申报) through to funding."""

from .applications import ProjectApplication
from .calls import ProjectCall, ProjectCategory
from .counters import ProjectNumberCounter

__all__ = ["ProjectApplication", "ProjectCall", "ProjectCategory", "ProjectNumberCounter"]
