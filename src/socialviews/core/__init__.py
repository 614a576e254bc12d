"""The core every layer uses: errors, configuration, the taxonomy, the column schema, shipped data, encodings, atomic writes, counts in words."""
