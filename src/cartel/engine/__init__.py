"""Pure engines: names, linkage, planning, ledger, lifecycle, tabular.

Nothing below this package imports Django or any Cartel app; an import-linter contract checks it.
Engines take and return plain data so that they can be tested and benchmarked without a database.
"""
