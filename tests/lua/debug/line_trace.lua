-- Line hooks see the lines luac gives each instruction: an `if` condition is
-- tested on the line of its `then`, an empty arm jumps on that line too.

local function trace(name, src)
  local lines = {}
  local f = assert(load(src, "=" .. name))
  debug.sethook(function (_, l)
    if debug.getinfo(2, "S").source == "=" .. name then lines[#lines + 1] = l end
  end, "l")
  f()
  debug.sethook()
  print(name, table.concat(lines, " "))
end

trace("then_below", "if\nmath.sin(1)\nthen\n  a=1\nelse\n  a=2\nend\n")
trace("then_break", "while math.sin(1) do\n  if math.sin(1)\n  then break\n  end\nend\na=1")
trace("global_cond", "x = 1\nif x\n\nthen\nend\nx = nil")
trace("and_cond", "local x, y = 1, 2\nif x and\ny\nthen\n  y = 1\nend")
trace("elseif_below", "local x = 2\nif x == 1 then\nelseif\nx\nthen\n  x = 3\nelse\nend")
trace("empty_arm", "local x = 1\nif x\nthen\nelse\n  x = 2\nend\nx = 3")
trace("not_cond", "local x\nif not\nx\nthen x = 1 end")
trace("repeat_break", "repeat local z = 1 if z\nthen\nbreak\nend until z")
trace("compare", "local a = 1\nif a <\n 2\nthen\n  a = 2\nend")
