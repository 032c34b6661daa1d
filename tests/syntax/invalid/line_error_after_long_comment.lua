--[==[
A long comment that spans
several lines
and contains ]] and --[[ which do not end it.
]==]
local a = 1
local b = a +* 2
