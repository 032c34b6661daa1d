-- A module next to main.lua.
return function(who) return "hello, " .. who end
