"""Indicators: definitions as YAML files, computed over plain tables, always disclosure-controlled."""

from coding.indicators.compute import compute, publish
from coding.indicators.definition import (IndicatorDefinition, IndicatorError, check_breakdowns,
                                          load_definition, load_definitions)
from coding.indicators.gap import suitability_gap
from coding.indicators.units import academic_year, consented, reporting_year, unit_table

__all__ = ["IndicatorDefinition", "IndicatorError", "academic_year", "check_breakdowns",
           "compute", "consented", "load_definition", "load_definitions", "publish",
           "reporting_year", "suitability_gap", "unit_table"]
