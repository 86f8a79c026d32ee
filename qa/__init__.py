"""Question answering with paragraph-level citations over Chinese news articles."""

__version__ = "0.1.0"
