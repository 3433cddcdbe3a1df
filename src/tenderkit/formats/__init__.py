"""File formats: typed models for every file a user writes, and the loaders that read them."""
