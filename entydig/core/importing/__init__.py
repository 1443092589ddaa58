"""Reading an uploaded CSV or XLSX file as Danish offices write them, for every import: `read` turns the bytes into
rows of cells with every safety check, `cells` holds the rules for numbers, periods and missing or suppressed marks.
What a row means (measurements, spending) is the importing app's business."""
