"""The catalogue's contract: safe YAML, the fields of every file, loading and checking, the validated model,
problems with their places, and the contract's JSON Schema and spreadsheet forms. Imports no other layer."""
