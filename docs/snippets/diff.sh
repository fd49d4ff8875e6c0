# Compare the last release's data package with your edited copy.
indojp-data diff indojp-data-1.0.0 edited
