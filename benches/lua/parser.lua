-- parser: a lexer, a precedence-climbing parser and an evaluator for a small expression
-- language (an original design): `let` bindings, arithmetic, comparisons, `if` expressions,
-- function definitions and calls. A generator writes the source text; the lexer scans it
-- with string.find patterns and string.byte, the parser builds AST tables, the evaluator
-- walks them with environments as linked tables, and a printer writes each AST back to
-- text, which is parsed again and must print the same. The kind of code a template engine,
-- a config reader or a compiler front end runs.
-- Size: the number of generated programs.
local n = tonumber(arg and arg[1]) or 400

local find, sub, byte, format = string.find, string.sub, string.byte, string.format
local concat = table.concat

---------------------------------------------------------------- source generator
local seed = 42
local function rand(k) -- Park-Miller, exact with integers and doubles
  seed = (seed * 16807) % 2147483647
  return seed % k
end

local names = { "alpha", "beta", "gamma", "delta", "x", "y", "z", "count", "total" }
local gen_expr
local function gen_atom(depth, vars)
  local r = rand(6)
  if r == 0 or depth <= 0 then return tostring(rand(1000)) end
  if r == 1 and #vars > 0 then return vars[rand(#vars) + 1] end
  if r == 2 then return "(" .. gen_expr(depth - 1, vars) .. ")" end
  if r == 3 then
    return "if " .. gen_expr(depth - 1, vars) .. " < " .. gen_expr(depth - 1, vars) ..
      " then " .. gen_expr(depth - 1, vars) .. " else " .. gen_expr(depth - 1, vars) .. " end"
  end
  if r == 4 then
    return "sq(" .. gen_expr(depth - 1, vars) .. ")"
  end
  return "-" .. gen_atom(depth - 1, vars)
end
local ops = { "+", "-", "*", "%", "+", "-" }
function gen_expr(depth, vars)
  local parts = { gen_atom(depth, vars) }
  for _ = 1, rand(3) do
    parts[#parts + 1] = ops[rand(#ops) + 1]
    parts[#parts + 1] = gen_atom(depth, vars)
  end
  return concat(parts, " ")
end
local function gen_program()
  local vars, lines = {}, { "fun sq(v) = v * v % 9973;" }
  for _ = 1, 3 + rand(4) do
    local name = names[rand(#names) + 1]
    lines[#lines + 1] = "let " .. name .. " = " .. gen_expr(3, vars) .. ";"
    vars[#vars + 1] = name
  end
  lines[#lines + 1] = gen_expr(3, vars)
  return concat(lines, "\n")
end

---------------------------------------------------------------- lexer
local keywords = { let = true, fun = true, ["if"] = true, ["then"] = true, ["else"] = true,
  ["end"] = true }
local function lex(src)
  local toks, kinds = {}, {}
  local pos, len = 1, #src
  while pos <= len do
    local c = byte(src, pos)
    if c == 32 or c == 10 then
      pos = pos + 1
    elseif c >= 48 and c <= 57 then
      local s, e = find(src, "^%d+", pos)
      toks[#toks + 1] = tonumber(sub(src, s, e)); kinds[#kinds + 1] = "num"
      pos = e + 1
    elseif (c >= 97 and c <= 122) or c == 95 then
      local s, e = find(src, "^[%a_][%w_]*", pos)
      local w = sub(src, s, e)
      toks[#toks + 1] = w; kinds[#kinds + 1] = keywords[w] and w or "name"
      pos = e + 1
    else
      local s, e = find(src, "^[<>=]=?", pos)
      if not s then s, e = pos, pos end
      local op = sub(src, s, e)
      toks[#toks + 1] = op; kinds[#kinds + 1] = op
      pos = e + 1
    end
  end
  kinds[#kinds + 1] = "eof"
  return toks, kinds
end

---------------------------------------------------------------- parser
local Parser = {}
Parser.__index = Parser
local binprec = { ["<"] = 1, ["=="] = 1, ["+"] = 2, ["-"] = 2, ["*"] = 3, ["%"] = 3 }

function Parser.new(src)
  local toks, kinds = lex(src)
  return setmetatable({ toks = toks, kinds = kinds, i = 1 }, Parser)
end
function Parser:peek() return self.kinds[self.i] end
function Parser:take()
  local i = self.i
  self.i = i + 1
  return self.toks[i], self.kinds[i]
end
function Parser:expect(kind)
  local v, k = self:take()
  if k ~= kind then error(format("expected %s, got %s", kind, k)) end
  return v
end
function Parser:primary()
  local v, k = self:take()
  if k == "num" then return { tag = "num", v = v } end
  if k == "name" then
    if self:peek() == "(" then
      self:take()
      local arg = self:expr(0)
      self:expect(")")
      return { tag = "call", name = v, arg = arg }
    end
    return { tag = "var", name = v }
  end
  if k == "(" then
    local e = self:expr(0)
    self:expect(")")
    return e
  end
  if k == "-" then return { tag = "neg", e = self:primary() } end
  if k == "if" then
    local c = self:expr(0)
    self:expect("then")
    local a = self:expr(0)
    self:expect("else")
    local b = self:expr(0)
    self:expect("end")
    return { tag = "if", c = c, a = a, b = b }
  end
  error("unexpected " .. tostring(k))
end
function Parser:expr(min)
  local left = self:primary()
  while true do
    local op = self:peek()
    local p = binprec[op]
    if not p or p <= min then return left end
    self:take()
    left = { tag = "bin", op = op, l = left, r = self:expr(p) }
  end
end
function Parser:program()
  local items = {}
  while true do
    local k = self:peek()
    if k == "let" then
      self:take()
      local name = self:expect("name")
      self:expect("=")
      items[#items + 1] = { tag = "let", name = name, e = self:expr(0) }
      self:expect(";")
    elseif k == "fun" then
      self:take()
      local name = self:expect("name")
      self:expect("(")
      local param = self:expect("name")
      self:expect(")")
      self:expect("=")
      items[#items + 1] = { tag = "fun", name = name, param = param, body = self:expr(0) }
      self:expect(";")
    else
      items[#items + 1] = { tag = "result", e = self:expr(0) }
      self:expect("eof")
      return items
    end
  end
end

---------------------------------------------------------------- evaluator
local function lookup(env, name)
  while env do
    if env.name == name then return env.value end
    env = env.next
  end
  error("unbound " .. name)
end
local eval
local evals = {
  num = function(e) return e.v end,
  var = function(e, env) return lookup(env, e.name) end,
  neg = function(e, env) return -eval(e.e, env) end,
  ["if"] = function(e, env)
    if eval(e.c, env) ~= 0 then return eval(e.a, env) end
    return eval(e.b, env)
  end,
  call = function(e, env)
    local f = lookup(env, e.name)
    return eval(f.body, { name = f.param, value = eval(e.arg, env), next = f.env })
  end,
  bin = function(e, env)
    local a, b = eval(e.l, env), eval(e.r, env)
    local op = e.op
    if op == "+" then return (a + b) % 1000003 end
    if op == "-" then return (a - b) % 1000003 end
    if op == "*" then return (a * b) % 1000003 end
    if op == "%" then if b == 0 then return 0 end return a % b end
    if op == "<" then return a < b and 1 or 0 end
    return a == b and 1 or 0
  end,
}
function eval(e, env) return evals[e.tag](e, env) end

local function run(items)
  local env
  for _, it in ipairs(items) do
    if it.tag == "let" then
      env = { name = it.name, value = eval(it.e, env), next = env }
    elseif it.tag == "fun" then
      local f = { param = it.param, body = it.body }
      env = { name = it.name, value = f, next = env }
      f.env = env
    else
      return eval(it.e, env)
    end
  end
end

---------------------------------------------------------------- printer
local show
local shows = {
  num = function(e) return tostring(e.v) end,
  var = function(e) return e.name end,
  neg = function(e) return "-(" .. show(e.e) .. ")" end,
  ["if"] = function(e)
    return "if " .. show(e.c) .. " then " .. show(e.a) .. " else " .. show(e.b) .. " end"
  end,
  call = function(e) return e.name .. "(" .. show(e.arg) .. ")" end,
  bin = function(e) return "(" .. show(e.l) .. " " .. e.op .. " " .. show(e.r) .. ")" end,
}
function show(e) return shows[e.tag](e) end
local function print_program(items)
  local out = {}
  for _, it in ipairs(items) do
    if it.tag == "let" then out[#out + 1] = format("let %s = %s;", it.name, show(it.e))
    elseif it.tag == "fun" then
      out[#out + 1] = format("fun %s(%s) = %s;", it.name, it.param, show(it.body))
    else out[#out + 1] = show(it.e) end
  end
  return concat(out, "\n")
end

---------------------------------------------------------------- main
local sum, chars, tokens = 0, 0, 0
for _ = 1, n do
  local src = gen_program()
  local items = Parser.new(src):program()
  local value = run(items)
  local text = print_program(items)
  local again = Parser.new(text)
  tokens = tokens + #again.kinds
  if print_program(again:program()) ~= text then error("printer round trip failed") end
  chars = chars + #src + #text
  sum = (sum * 7 + value) % 1000000007
end
print(format("parser %d %d %d %d", n, chars, tokens, sum))
