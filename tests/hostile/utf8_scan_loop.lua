-- utf8.len and utf8.offset scanning a long string on every iteration.
local s = string.rep('a', 1e7)
while true do local n = utf8.len(s) local o = utf8.offset(s, -1) end
