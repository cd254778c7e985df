"""Import of award history from Excel, split by concern.

``reader`` opens the workbook and refuses malformed files; ``cells`` parses one cell;
``validate`` resolves units, people and existing awards in a few queries and checks
every row; ``registry.services.import_awards`` writes the plan in one transaction.
"""
