local s = "\xg0"
