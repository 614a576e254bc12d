"""Files in and out: where inputs come from, result tables, and the guards around writing them."""
