# Compare the last release's data package with your edited copy.
indojp-data diff indojp-data-0.3.0 edited
