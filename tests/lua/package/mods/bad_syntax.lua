-- A syntax error: require reports it as an error loading the module.
local x = = 1
return x
