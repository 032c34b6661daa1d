-- A __close handler that yields while pcall's recovery closes variables after an error:
-- after the resume the pcall still fails with the error (lua5.4's finishpcallk), and
-- later handlers see it. The VM returned true and stray stack values.
local function func2close(f) return setmetatable({}, {__close = f}) end

local co = coroutine.wrap(function()
  local function foo()
    local z <close> = func2close(function(_, msg) coroutine.yield("z sees " .. tostring(msg)) end)
    local y <close> = func2close(function() error(21, 0) end)
    return 10
  end
  return pcall(foo)
end)
print(co()) print(co())

co = coroutine.wrap(function()
  local function foo(err)
    local z <close> = func2close(function(_, msg)
      coroutine.yield("z", msg)
      return 100, 200
    end)
    local y <close> = func2close(function(_, msg)
      coroutine.yield("y", msg)
      if err then error(err + 20, 0) end
    end)
    local x <close> = func2close(function(_, msg)
      coroutine.yield("x", msg)
    end)
    if err == 10 then error(err, 0) else return 10, 20 end
  end
  coroutine.yield(pcall(foo, nil))
  coroutine.yield(pcall(foo, 1))
  coroutine.yield(xpcall(foo, function(m) return "handled " .. m end, 10))
  return "end"
end)
for _ = 1, 13 do print(co()) end

-- A handler that errors after its yield replaces the error.
co = coroutine.wrap(function()
  local function foo()
    local a <close> = func2close(function(_, msg) print("a sees", msg) end)
    local b <close> = func2close(function(_, msg) coroutine.yield("b") error("from b", 0) end)
    error("first", 0)
  end
  return pcall(foo)
end)
print(co()) print(co())
