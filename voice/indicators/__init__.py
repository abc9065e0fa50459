"""Voice indicators on the platform's data: counted population, exports, SSDA903, screens' data."""
