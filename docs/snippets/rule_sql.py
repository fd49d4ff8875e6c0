"""Print the SQL rule of every field of one published Table Schema.

Each expression yields 0 for a good cell, or the number of the first
rule the cell breaks (see RULES).
"""

from indojp_data.core.schemas import table_schemas
from indojp_data.validate.sql import RULES, TableRules

rules = TableRules.from_schema("citations", table_schemas()["citations"])
print("rules:", ", ".join(f"{n}={rule}" for n, rule in enumerate(RULES, start=1)))
for i, field in enumerate(rules.fields):
    print(f"{field.name}: {field.code_sql(f'c{i}', rules.missing)}")
