"""etstats: ET: Legacy round statistics, imported the moment they appear, posted to Discord."""

__version__ = "0.1.0"
