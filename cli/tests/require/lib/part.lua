-- "lib.part": found through ./?.lua as ./lib/part.lua.
return "part of " .. require("lib").name
