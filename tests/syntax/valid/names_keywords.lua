-- Identifiers: letters, digits, underscores, names that resemble keywords.
local _ = 1
local __ = 2
local _9 = 3
local a1b2c3 = 4
local End, AND, Nil, nil_, thenx, If = 5, 6, 7, 8, 9, 10
local goto_, _ENV_like, localx = 11, 12, 13
print(_, __, _9, a1b2c3, End, AND, Nil, nil_, thenx, If, goto_, _ENV_like, localx)
local ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz_0123456789 = "long"
print(ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz_0123456789)
local t = {}
t["and"], t["break"], t["do"], t["else"], t["elseif"], t["end"] = 1, 2, 3, 4, 5, 6
t["false"], t["for"], t["function"], t["goto"], t["if"], t["in"] = 7, 8, 9, 10, 11, 12
t["local"], t["nil"], t["not"], t["or"], t["repeat"], t["return"] = 13, 14, 15, 16, 17, 18
t["then"], t["true"], t["until"], t["while"] = 19, 20, 21, 22
local n = 0
for _, kw in ipairs({"and", "break", "do", "else", "elseif", "end", "false", "for",
    "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
    "return", "then", "true", "until", "while"}) do
  n = n + t[kw]
end
print(n)
local self = "self is an ordinary name"
print(self)
local type = "shadowing a global"
print(type)
