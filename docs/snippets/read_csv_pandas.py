"""Read the release CSVs with pandas: sectors in order, quotes with their speaker."""

import pandas as pd

# Run from the unzipped release folder.
# An empty cell is null, and nothing else is (not even "NA").
options = {"encoding": "utf-8", "keep_default_na": False, "na_values": [""]}

sectors = pd.read_csv("data/sectors.csv", **options).sort_values("position")
for sector in sectors.itertuples():
    print(sector.position, sector.name)

# quotes.speaker is a foreign key to persons.id.
quotes = pd.read_csv("data/quotes.csv", **options)
persons = pd.read_csv("data/persons.csv", **options)
said = quotes.merge(persons, left_on="speaker", right_on="id", suffixes=("", "_person"))
for quote in said.sort_values("id").itertuples():
    print(f"{quote.name} ({quote.office}): {quote.text}")
