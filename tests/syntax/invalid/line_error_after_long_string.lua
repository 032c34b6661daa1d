local text = [[
line 2
line 3
line 4]]
local other = "escaped\
newline\
inside"
local c = text .. other)
