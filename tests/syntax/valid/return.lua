-- return with and without values, 'return;' and returns from blocks.
local function none() return end
local function none_semi() return; end
local function one() return 1 end
local function many() return 1, 2, 3; end
local function tail(n) if n == 0 then return "done" end return tail(n - 1) end
print(select('#', none()), select('#', none_semi()))
print(one(), many())
print(tail(200))
local function implicit() end
print(select('#', implicit()))
local function early(x)
  if x then return "early" end
  do return "from do" end
end
print(early(true), early(false))
local function ret_paren() return (many()) end
print(ret_paren())
local function ret_expr() return 1 + 2, "a" .. "b", not nil end
print(ret_expr())
local function ret_table() return {many()} end
print(#ret_table())
local function ret_in_loop()
  for i = 1, 10 do
    if i == 4 then return i end
  end
end
print(ret_in_loop())
local function ret_method() local s = "abc" return s:upper() end
print(ret_method())
local function ret_call_chain() return many() end
print(ret_call_chain())
local function ret_nil() return nil end
print(select('#', ret_nil()))
print("main chunk returns next")
do return end
print("unreachable")
