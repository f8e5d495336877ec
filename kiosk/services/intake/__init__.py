"""Taking in people's details: fields from the registry, CSV files read row by row."""
