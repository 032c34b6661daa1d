-- Two lua5.4 details of xpcall's message handler.
-- 1. load runs its reader under a protected parser that keeps the current message
--    handler (ldo.c luaD_protectedparser passes L->errfunc): an error in the reader
--    goes through an enclosing xpcall's handler although load catches it and returns
--    the handler's result as its message.
local function h(m) return "H:" .. tostring(m) end
print(xpcall(function() return load(function() error("r") end) end, h))
local ok, f, msg = xpcall(function() return load(function() error({}, 0) end) end, function(m) return "H:" .. type(m) end)
print(ok, f, type(msg), msg == "H:table")
print(pcall(function() return load(function() error("no handler") end) end))

-- 2. The handler is called by the failing instruction's frame, so getfuncname names it
--    after that instruction: a failed index makes it "metamethod 'index'"; an error
--    raised by error() (a C function) leaves it unnamed.
local function bad() local x = nil; return x.field end
local function tb(m) return debug.traceback(m, 1) end
print((select(2, xpcall(bad, tb)):gsub("\n[^\n]*%[C%]: in %?", "")))
print((select(2, xpcall(function() error("e") end, tb)):gsub("\n[^\n]*%[C%]: in %?", "")))
print((select(2, xpcall(function() return 1 + {} end, tb)):gsub("\n[^\n]*%[C%]: in %?", "")))
