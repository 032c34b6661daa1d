-- A __close handler that runs past the instruction limit while another handler is still
-- pending: the limit error must end the run (exit 1, with a traceback), the pending handler
-- must not run, and building the traceback must not crash (it did: fuzz finding 8).
local function deep(n) return 1 + deep(n + 1) end
local function f()
  local a <close> = setmetatable({}, {__close = function() print("second handler") end})
  local b <close> = setmetatable({}, {__close = function() deep(1) end})
  error("first")
end
print(pcall(f))
