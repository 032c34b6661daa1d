-- os.exit in a finalizer run when the state closes at the end of the script.
local keep = setmetatable({}, {__gc = function() print("gc") os.exit(5) end})
print("end of script", keep ~= nil)
