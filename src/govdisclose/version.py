"""The package version, defined low enough for every layer to read (``convert`` records it in its
manifest); ``govdisclose.__version__`` re-exports it."""

__version__ = "0.1.0"
