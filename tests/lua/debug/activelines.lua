-- debug.getinfo's activelines: the lines of a function that have code.

local function lines_of(f)
  local t = debug.getinfo(f, "L").activelines
  local out = {}
  for l in pairs(t) do out[#out + 1] = l end
  table.sort(out)
  return table.concat(out, " ")
end

local function f(a)
  local x = a

  -- a comment
  if x then
    return x
  end
end
print("f", lines_of(f))

local function v(...)
  local n = select("#", ...)
  return n
end
print("vararg", lines_of(v))
print("empty", lines_of(function() end))
print("main", lines_of(load("local a = 1\n\nreturn a")))
print("C", debug.getinfo(print, "L").activelines)
print("at a level", (lines_of(debug.getinfo(1, "f").func)):sub(1, 12))
