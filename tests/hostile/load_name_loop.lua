-- load with a long chunk name (and tostring of a long string) on every iteration: load's
-- reading and parsing are charged, as the reference's tostring copy is.
local s = string.rep('x', 1e7)
while true do local f = load('return 1', s) local t = tostring(s) end
