-- Writes a large, varied, valid Lua program to stdout, for front-end benchmarks.
-- usage: lua5.4 generate.lua [megabytes]   (default 12)
-- Deterministic: the same size argument always gives the same bytes.
local target = (tonumber(arg[1]) or 12) * 1024 * 1024
local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end

local names = { "alpha", "beta", "gamma", "delta", "count", "total", "node", "value", "key", "item" }
local function name() return names[rand(#names) + 1] end

local function expr(depth)
  local c = rand(depth > 0 and 10 or 4)
  if c == 0 then return tostring(rand(100000))
  elseif c == 1 then return string.format("%.3f", rand(1000000) / 7)
  elseif c == 2 then return string.format("%q", "str" .. rand(1000) .. "\n\t")
  elseif c == 3 then return name()
  elseif c == 4 then return expr(depth - 1) .. " + " .. expr(depth - 1) .. " * " .. expr(depth - 1)
  elseif c == 5 then return "(" .. expr(depth - 1) .. " .. " .. expr(depth - 1) .. ")"
  elseif c == 6 then return name() .. "." .. name() .. "[" .. expr(depth - 1) .. "]"
  elseif c == 7 then return name() .. ":" .. name() .. "(" .. expr(depth - 1) .. ", " .. expr(depth - 1) .. ")"
  elseif c == 8 then return "{ " .. name() .. " = " .. expr(depth - 1) .. ", " .. expr(depth - 1) .. ", [" .. expr(depth - 1) .. "] = true }"
  else return "not " .. expr(depth - 1) .. " and " .. expr(depth - 1) .. " or nil"
  end
end

local out, size, n = { "local M = {}" }, 0, 0
local function emit(s)
  out[#out + 1] = s
  size = size + #s + 1
end

while size < target do
  n = n + 1
  emit(string.format("function M.f%d(%s, %s, ...)", n, name(), name()))
  emit("  -- a comment that the lexer has to skip over, like real code has")
  emit("  local " .. name() .. ", " .. name() .. " = " .. expr(3) .. ", " .. expr(2))
  emit("  for i = 1, " .. expr(1) .. " do")
  emit("    if " .. expr(2) .. " then " .. name() .. " = " .. expr(3) .. " elseif " .. expr(1) .. " then break end")
  emit("  end")
  emit("  for k, v in pairs(" .. name() .. ") do " .. name() .. "[k] = v end")
  emit("  while " .. expr(1) .. " do " .. name() .. " = " .. name() .. " - 1 end")
  emit("  local t = { " .. expr(2) .. ", " .. expr(2) .. ", " .. expr(2) .. " }")
  emit("  return function(x) return x + " .. expr(2) .. " end, t, ...")
  emit("end")
  emit("--[[ long comment\n   " .. string.rep("spanning lines ", 3) .. "\n]]")
end
io.write(table.concat(out, "\n"), "\n")
