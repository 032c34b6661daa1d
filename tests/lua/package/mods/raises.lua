-- An error while loading: it propagates, and nothing is stored in package.loaded.
raises_loads = (raises_loads or 0) + 1
error("failed while loading")
