-- An uncaught error under 40 Lua frames: the traceback lua.c prints (levels skipped in the
-- middle, the host's own frame at the bottom). Expected output: regen.sh.
local function f(n)
  if n == 0 then error("deep") end
  return 1 + f(n - 1)
end
f(40)
