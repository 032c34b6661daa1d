-- Found through ./?/init.lua.
return { name = "lib" }
