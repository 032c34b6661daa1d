-- Errors inside coroutines and misuse of the coroutine API.
local co = coroutine.create(function() error("oops") end)
print("error", coroutine.resume(co))
print("status", coroutine.status(co))
print("resume dead", coroutine.resume(co))
local cot = coroutine.create(function() error({k = "v"}) end)
local ok, e = coroutine.resume(cot)
print("table error", ok, e.k)
local cor = coroutine.create(function() local t; return t[1] end)
print("runtime", coroutine.resume(cor))
local cof = coroutine.create(function() coroutine.yield(1); error("later", 0) end)
print("first ok", coroutine.resume(cof))
print("then error", coroutine.resume(cof))

-- resuming self / running coroutine
local selfco
selfco = coroutine.create(function() return coroutine.resume(selfco) end)
print("resume self", coroutine.resume(selfco))
-- resuming a normal (resumer) coroutine
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function() return coroutine.resume(outer) end)
  return coroutine.resume(inner)
end)
print("resume normal", coroutine.resume(outer))
-- resuming main
local mainco = coroutine.running()
print("resume main", coroutine.resume(mainco))

-- yield outside a coroutine
print("yield main", pcall(coroutine.yield, 1))
-- yield across pcall inside a coroutine is fine
local yp = coroutine.create(function()
  local ok2, v = pcall(function() local r = coroutine.yield("yielded in pcall"); error("after " .. r, 0) end)
  return ok2, v
end)
print("yield in pcall", coroutine.resume(yp))
print("error after yield caught", coroutine.resume(yp, "resume"))
-- yield across a C boundary that does not allow it
local yc = coroutine.create(function()
  table.sort({1, 2, 3}, function(a, b) coroutine.yield() return a < b end)
end)
print("yield across C", coroutine.resume(yc))
local yg = coroutine.create(function()
  return ("x"):gsub("x", function() coroutine.yield() end)
end)
print("yield in gsub", coroutine.resume(yg))

-- bad arguments
print("resume non-thread", pcall(coroutine.resume, {}))
print("create non-function", pcall(coroutine.create, "f"))
print("close non-thread", pcall(coroutine.close, 1))

-- xpcall handler inside a coroutine
local xc = coroutine.create(function()
  return xpcall(function() error("inner", 0) end, function(m) return "handled " .. m end)
end)
print("xpcall in coroutine", coroutine.resume(xc))
-- error in a nested coroutine does not kill the outer one
local parent = coroutine.create(function()
  local child = coroutine.create(function() error("child failed", 0) end)
  local okc, ec = coroutine.resume(child)
  coroutine.yield(okc, ec)
  return "parent alive"
end)
print("child error", coroutine.resume(parent))
print("parent continues", coroutine.resume(parent))
