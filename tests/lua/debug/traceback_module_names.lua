-- Tracebacks name a function by where package.loaded holds it (lauxlib's
-- pushglobalfuncname, two levels deep): a module that is the function itself is named
-- by its module name, a module table's field as "mod.field", a global without "_G.".

local function boom() error("boom") end
package.loaded["tools.fail"] = function() boom() end
package.loaded.lib = {run = function() boom() end}
failing_global = function() boom() end

local function show(f)
  local _, tb = xpcall(f, debug.traceback)
  -- The frames of the named function and its caller, not the chunk's own lines.
  for line in tb:gmatch("[^\n]+") do
    if line:find("in function") and not line:find("xpcall") then print(line) end
  end
end

show(package.loaded["tools.fail"])
show(package.loaded.lib.run)
show(failing_global)
local loaded_fn = require("tools.fail")
print(pcall(loaded_fn))
