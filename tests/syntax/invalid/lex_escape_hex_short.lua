local s = "\x5"
