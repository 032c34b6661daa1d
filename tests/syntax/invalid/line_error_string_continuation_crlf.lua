local s = "a\
b\
c"
local t = s + + 1
