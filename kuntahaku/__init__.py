"""kuntahaku: ingest and search Finnish and Swedish council minutes, decisions and agreements."""

__version__ = "0.1.0"
