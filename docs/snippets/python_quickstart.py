"""Load the dataset with the Python package and look a few records up (offline)."""

import indojp_data

ds = indojp_data.load()  # validated, immutable, cached
summit = ds.summits[0]
print(summit.date, ds.place(summit.place).name)
for sector in ds.sectors_of("economic-security-roadmap"):
    print(sector.position, sector.name)
target = ds.commitment("japan-investment-target")
print(target.stated_amount, "=", target.amount, target.currency, target.status)
for item in ds.completeness():
    print(f"{item.subject}: {item.identified} of {item.asserted} identified")
