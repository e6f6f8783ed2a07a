"""govkg: a knowledge graph of government agencies, their campaigns, the policies they cite and their actions."""

__all__ = ["__version__"]

__version__ = "0.1.0"
