local kind = ...
if kind == "table" then error({}) end
if kind == "tostring" then error(setmetatable({}, {__tostring = function() return "custom message" end})) end
if kind == "nil" then error(nil) end
if kind == "number" then error(42) end
