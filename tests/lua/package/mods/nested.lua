-- A module requiring another one while it loads.
local inner = require("simple")
return { name = "nested", inner = inner.name }
