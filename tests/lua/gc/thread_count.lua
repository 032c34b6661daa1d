-- collectgarbage("count") after coroutines whose call frames and stacks grew while they
-- ran: freeing them must not take more off the count than was ever counted for them.
local function deep(n) if n == 0 then coroutine.yield() return 0 end return 1 + deep(n - 1) end
collectgarbage()
collectgarbage()
local keep = {}
for i = 1, 2000 do keep[i] = {i} end
collectgarbage()
local base = collectgarbage("count")
for i = 1, 300 do
  local co = coroutine.create(deep)
  coroutine.resume(co, 200)
  coroutine.resume(co)
end
collectgarbage()
collectgarbage()
local after = collectgarbage("count")
print("count kept", after > base * 0.8, #keep)
