local function inner() error("failing on purpose") end
local function outer() inner() end
outer()
