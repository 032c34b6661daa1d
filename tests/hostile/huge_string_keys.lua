-- Distinct string keys without end (each long, so memory runs out in seconds).
local t = {}
local pad = ("k"):rep(1000)
for i = 1, 1e9 do t[pad .. i] = true end
