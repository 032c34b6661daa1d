-- Returns nothing: require stores (and returns) true.
nil_loads = (nil_loads or 0) + 1
