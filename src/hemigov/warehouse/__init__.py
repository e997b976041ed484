"""The DuckDB warehouse: schema, atomic writes, imports, public views and the embedded snapshot."""
