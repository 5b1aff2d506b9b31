"""Contributor and maintainer tools on the contract: the command line, the scaffolder (``make new``), the fixer
(``make fix``), the spreadsheet import, the link checker and the YAML writer."""
