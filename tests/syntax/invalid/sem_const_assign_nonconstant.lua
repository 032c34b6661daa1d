local t <const> = {}
t = nil
