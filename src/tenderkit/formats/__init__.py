"""File formats: typed models for every file a user writes, and reading YAML safely (models only;
the loader that reads a tender folder and checks its ids against the reference data is
`tenderkit.loader`)."""
